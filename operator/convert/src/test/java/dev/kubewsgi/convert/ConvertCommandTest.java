package dev.kubewsgi.convert;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kubewsgi.api.WsgiProcessGroup;
import dev.kubewsgi.api.io.ResourceReader;
import dev.kubewsgi.api.spec.ApplicationSpec;
import dev.kubewsgi.api.spec.AuthSpec;
import dev.kubewsgi.api.spec.AuthUserScriptSpec;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConvertCommandTest {

  @TempDir Path dir;

  private record Result(int code, String out, String err) {
    List<WsgiProcessGroup> resources() throws Exception {
      List<WsgiProcessGroup> resources = new java.util.ArrayList<>();
      for (String yaml : CorpusTest.documents(out)) {
        resources.add(new ResourceReader().read(yaml, "stdout"));
      }
      return resources;
    }
  }

  private Result run(String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int code =
        ConvertCommand.run(
            args,
            Map.of(),
            new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8));
    return new Result(
        code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }

  private Path conf(String text) throws IOException {
    Path file = dir.resolve("site.conf");
    Files.writeString(file, text);
    return file;
  }

  @Test
  void eachFieldCarriesItsDirectiveAndLine() throws Exception {
    Path file =
        conf(
            """
            WSGIDaemonProcess shop processes=4 threads=15 maximum-requests=500 \\
                request-timeout=60 graceful-timeout=15 startup-timeout=90 queue-timeout=10 \\
                lang=en_US.UTF-8 locale=de_DE.UTF-8
            WSGIScriptAlias /shop /srv/shop/wsgi.py process-group=shop application-group=%{GLOBAL}
            """);
    Result result = run(file.toString());
    assertThat(result.code()).as(result.err()).isZero();
    assertThat(result.out())
        .contains("  # WSGIDaemonProcess processes=4 (site.conf:1)\n  workers: 4\n")
        .contains("  # WSGIDaemonProcess threads=15 (site.conf:1)\n  threads: 15\n")
        .contains("    # WSGIDaemonProcess startup-timeout=90 (site.conf:1)\n")
        .contains("# WSGIScriptAlias /shop /srv/shop/wsgi.py process-group=shop")
        .contains("# WSGIScriptAlias application-group=%{GLOBAL} (site.conf:4)");
    WsgiProcessGroup shop = result.resources().get(0);
    assertThat(shop.getMetadata().getName()).isEqualTo("shop");
    assertThat(shop.getSpec().getWorkers()).isEqualTo(4);
    assertThat(shop.getSpec().getLifecycle().getMaximumRequests()).isEqualTo(500);
    assertThat(shop.getSpec().getLifecycle().getQueueTimeoutSeconds()).isEqualTo(10);
    assertThat(shop.getSpec().getEnv())
        .extracting(e -> e.getName() + "=" + e.getValue())
        .containsExactly("LANG=en_US.UTF-8", "LC_ALL=de_DE.UTF-8");
    ApplicationSpec app = shop.getSpec().getApplications().get(0);
    assertThat(app.getMount()).isEqualTo("/shop");
    assertThat(app.getApplicationGroup()).isEqualTo("%{GLOBAL}");
  }

  @Test
  void scopedDirectivesApplyAsApacheMergesThem() throws Exception {
    Path file =
        conf(
            """
            WSGIDaemonProcess main
            WSGIDaemonProcess admin
            WSGIProcessGroup main
            WSGICallableObject app
            <VirtualHost *:80>
              WSGIScriptAlias / /srv/site/site.wsgi
              WSGIScriptAlias /admin /srv/site/admin.wsgi
              WSGIScriptAlias /api /srv/api/api.wsgi
              <Location /admin>
                WSGIProcessGroup admin
              </Location>
              <Directory /srv/api>
                <Files api.wsgi>
                  WSGIApplicationGroup api
                  WSGICallableObject make_app
                </Files>
              </Directory>
            </VirtualHost>
            """);
    Result result = run(file.toString());
    assertThat(result.code()).as(result.err()).isZero();
    List<WsgiProcessGroup> groups = result.resources();
    assertThat(groups).extracting(g -> g.getMetadata().getName()).containsExactly("main", "admin");
    List<ApplicationSpec> main = groups.get(0).getSpec().getApplications();
    assertThat(main).extracting(ApplicationSpec::getMount).containsExactly("/", "/api");
    assertThat(main.get(0).getCallable()).isEqualTo("app");
    assertThat(main.get(0).getApplicationGroup()).isEqualTo("%{RESOURCE}");
    assertThat(main.get(1).getCallable()).isEqualTo("make_app");
    assertThat(main.get(1).getApplicationGroup()).isEqualTo("api");
    assertThat(groups.get(1).getSpec().getApplications())
        .extracting(ApplicationSpec::getMount)
        .containsExactly("/admin");
    assertThat(result.out()).contains("# process group: WSGIProcessGroup admin (site.conf:10)");
  }

  @Test
  void anAliasToAFileAWsgiScriptHandlerServesIsAnApplication() throws Exception {
    Path file =
        conf(
            """
            WSGIDaemonProcess api
            WSGIProcessGroup api
            Alias /v1 /srv/api/v1.wsgi
            Alias /v2 /srv/api/v2.py
            Alias /static /srv/api/static
            <Directory /srv/api>
              AddHandler wsgi-script .wsgi
            </Directory>
            <Location /v2>
              SetHandler wsgi-script
            </Location>
            """);
    Result result = run(file.toString());
    assertThat(result.code()).as(result.err()).isZero();
    WsgiProcessGroup api = result.resources().get(0);
    assertThat(api.getSpec().getApplications())
        .extracting(a -> a.getMount() + " " + a.getScript())
        .containsExactly("/v1 /srv/api/v1.wsgi", "/v2 /srv/api/v2.py");
    assertThat(api.getSpec().getStaticFiles())
        .singleElement()
        .satisfies(s -> assertThat(s.getMount()).isEqualTo("/static"));
  }

  @Test
  void aScriptAliasMatchBecomesAMountPatternWithTheGroupsThatApply() throws Exception {
    Path file =
        conf(
            """
            WSGIDaemonProcess main
            WSGIDaemonProcess sites
            WSGIProcessGroup main
            WSGIScriptAlias / /srv/main.wsgi
            WSGIScriptAliasMatch ^/sites/([^/]+) /srv/sites/$1.wsgi application-group=%{GLOBAL}
            WSGIScriptAliasMatch ^/v([0-9])/ /srv/api/v$1.wsgi
            <Location /sites>
              WSGIProcessGroup sites
            </Location>
            """);
    Result result = run(file.toString());
    assertThat(result.code()).as(result.err()).isZero();
    assertThat(result.err()).doesNotContain("WSGIScriptAliasMatch");
    List<WsgiProcessGroup> groups = result.resources();
    assertThat(groups).extracting(g -> g.getMetadata().getName()).containsExactly("main", "sites");
    assertThat(groups.get(0).getSpec().getApplications())
        .extracting(a -> a.getMount() + " " + a.getMountPattern() + " " + a.getScript())
        .containsExactly("/ null /srv/main.wsgi", "null ^/v([0-9])/ /srv/api/v$1.wsgi");
    ApplicationSpec site = groups.get(1).getSpec().getApplications().get(0);
    assertThat(site.getMount()).isNull();
    assertThat(site.getMountPattern()).isEqualTo("^/sites/([^/]+)");
    assertThat(site.getScript()).isEqualTo("/srv/sites/$1.wsgi");
    assertThat(site.getApplicationGroup()).isEqualTo("%{GLOBAL}");
    assertThat(result.out())
        .contains("# WSGIScriptAliasMatch's regex (site.conf:5), matched at the start of the path")
        .contains("# WSGIScriptAliasMatch's script (site.conf:5): $N are the regex's groups")
        .contains("# process group: WSGIProcessGroup sites (site.conf:8)")
        .contains("# WSGIScriptAliasMatch application-group=%{GLOBAL} (site.conf:5)");
    assertThat(result.err())
        .contains(
            "sites: copy into the image: /srv/sites/$1.wsgi (every file it names, each $N standing"
                + " for one path segment)");
  }

  @Test
  void whatCannotBeMappedIsReportedAndStrictFails() throws Exception {
    Path file =
        conf(
            """
            WSGIDaemonProcess app user=www-data processes=100 home=/srv
            WSGIProcessGroup app
            WSGIScriptAlias / /srv/app.wsgi
            WSGIScriptAlias /legacy /srv/legacy.wsgi process-group=%{GLOBAL}
            WSGIScriptAliasMatch v([0-9])/ /srv/v$1.wsgi
            WSGIAuthUserScript /srv/auth.wsgi
            WSGIPassAuthorization On
            WSGIImportScript /srv/warm.py process-group=app application-group=nobody
            """);
    Result lenient = run(file.toString());
    assertThat(lenient.code()).isZero();
    assertThat(lenient.err())
        .contains("not mapped: site.conf:1: WSGIDaemonProcess user=www-data: pods run as")
        .contains("site.conf:1: WSGIDaemonProcess processes=100: spec.workers must be between")
        .contains("site.conf:4: WSGIScriptAlias /legacy", "embedded mode")
        .contains("site.conf:5: WSGIScriptAliasMatch", "does not begin with / or ^/")
        .contains(
            "site.conf:6: WSGIAuthUserScript /srv/auth.wsgi: no Require that asks for a user"
                + " applies, so Apache never calls it: not written")
        .contains("site.conf:8: WSGIImportScript", "no interpreter would run it")
        .contains("note: site.conf:1: app: copy into the image: /srv/app.wsgi");
    assertThat(lenient.resources().get(0).getSpec().getWorkers()).isEqualTo(64);
    assertThat(run("--strict", file.toString()).code()).isEqualTo(ConvertCommand.UNMAPPED);
  }

  @Test
  void homeIsTheWorkingDirectoryWhenAbsolute() throws Exception {
    Path file =
        conf(
            """
            WSGIDaemonProcess app home=/srv/site
            WSGIDaemonProcess rel home=site
            WSGIProcessGroup app
            WSGIScriptAlias / /srv/site/app.wsgi
            WSGIScriptAlias /rel /srv/site/rel.wsgi process-group=rel
            """);
    Result result = run(file.toString());
    assertThat(result.code()).as(result.err()).isZero();
    assertThat(result.resources())
        .extracting(g -> g.getSpec().getHome())
        .containsExactly("/srv/site", null);
    assertThat(result.out()).contains("# WSGIDaemonProcess home=/srv/site (site.conf:1)");
    assertThat(result.err())
        .contains("note: site.conf:1: app: copy into the image: /srv/site/")
        .contains(
            "not mapped: site.conf:2: WSGIDaemonProcess home=site: spec.home must be an absolute"
                + " path");
  }

  @Test
  void basicAuthWithTheWsgiProviderIsAnAuthUserScript() throws Exception {
    Path file =
        conf(
            """
            WSGIDaemonProcess site
            WSGIProcessGroup site
            WSGIApplicationGroup %{GLOBAL}
            WSGIScriptAlias / /srv/site/site.wsgi
            WSGIScriptAlias /admin /srv/site/admin.wsgi
            <Location /admin>
              AuthType Basic
              AuthName "Site staff"
              AuthBasicProvider wsgi
              WSGIAuthUserScript /srv/site/auth.wsgi application-group=%{GLOBAL}
              Require valid-user
            </Location>
            """);
    Result result = run(file.toString());
    assertThat(result.code()).as(result.err()).isZero();
    assertThat(result.err())
        .doesNotContain("not mapped")
        .contains("copy into the image: /srv/site/auth.wsgi");
    List<ApplicationSpec> apps = result.resources().get(0).getSpec().getApplications();
    assertThat(apps.get(0).getAuth().getAuthUserScript()).isNull();
    assertThat(apps.get(0).getAuth().getPassAuthorization()).isFalse();
    AuthUserScriptSpec user = apps.get(1).getAuth().getAuthUserScript();
    assertThat(user.getPath()).isEqualTo("/srv/site/auth.wsgi");
    assertThat(user.getProvider()).isEqualTo("basic");
    assertThat(user.getRealm()).isEqualTo("Site staff");
    assertThat(user.getApplicationGroup()).isEqualTo("%{GLOBAL}");
    assertThat(apps.get(1).getAuth().getPassAuthorization()).isFalse();
    assertThat(result.out())
        .contains(
            "# WSGIAuthUserScript /srv/site/auth.wsgi application-group=%{GLOBAL} (site.conf:10)")
        .contains("# AuthType Basic (site.conf:7)\n")
        .contains("# AuthBasicProvider wsgi (site.conf:9)\n")
        .contains("# AuthName \"Site staff\" (site.conf:8)\n")
        .contains("# mod_wsgi's default: WSGIPassAuthorization Off (none applies)\n");
  }

  @Test
  void digestAuthIsMappedAndItsDomainAndNonceLifetimeReported() throws Exception {
    Path file =
        conf(
            """
            WSGIDaemonProcess api
            WSGIScriptAlias /api /srv/api.wsgi process-group=api
            <Location /api>
              AuthType Digest
              AuthName api
              AuthDigestProvider wsgi
              AuthDigestDomain /api/ /other/
              AuthDigestNonceLifetime 600
              WSGIAuthUserScript /srv/digest.wsgi
              Require valid-user
            </Location>
            """);
    Result result = run(file.toString());
    assertThat(result.code()).as(result.err()).isZero();
    AuthUserScriptSpec user =
        result.resources().get(0).getSpec().getApplications().get(0).getAuth().getAuthUserScript();
    assertThat(user.getProvider()).isEqualTo("digest");
    assertThat(user.getRealm()).isEqualTo("api");
    assertThat(user.getApplicationGroup()).isNull();
    assertThat(result.err())
        .contains(
            "site.conf:7: AuthDigestDomain /api/ /other/: the challenge carries no domain=",
            "site.conf:8: AuthDigestNonceLifetime 600: nonces last 300 s");
  }

  @Test
  void groupAndAccessScriptsMapWithTheirRequires() throws Exception {
    Path file =
        conf(
            """
            WSGIDaemonProcess shop
            WSGIScriptAlias /admin /srv/shop/admin.wsgi process-group=shop
            WSGIScriptAlias /ops /srv/shop/ops.wsgi process-group=shop
            <Directory /srv/shop>
              WSGIAccessScript /srv/shop/hooks.py
              AuthType Basic
              AuthName Shop
              AuthBasicProvider wsgi
              WSGIAuthUserScript /srv/shop/hooks.py
              WSGIAuthGroupScript /srv/shop/hooks.py
              Require group staff
              Require wsgi-group admins
            </Directory>
            <Location /ops>
              Require wsgi-group ops
            </Location>
            """);
    Result result = run(file.toString());
    assertThat(result.code()).as(result.err()).isZero();
    assertThat(result.err()).doesNotContain("not mapped");
    List<ApplicationSpec> apps = result.resources().get(0).getSpec().getApplications();
    AuthSpec admin = apps.get(0).getAuth();
    assertThat(admin.getAccessScript().getPath()).isEqualTo("/srv/shop/hooks.py");
    assertThat(admin.getAuthUserScript().getRealm()).isEqualTo("Shop");
    assertThat(admin.getAuthGroupScript().getPath()).isEqualTo("/srv/shop/hooks.py");
    assertThat(admin.getRequiredGroups()).containsExactly("staff", "admins");
    // A Location's Requires replace the Directory's (AuthMerging Off).
    assertThat(apps.get(1).getAuth().getRequiredGroups()).containsExactly("ops");
    assertThat(result.out())
        .contains("# WSGIAccessScript /srv/shop/hooks.py (site.conf:5)")
        .contains(
            "# Require group staff (site.conf:11)\n",
            "# Require wsgi-group admins (site.conf:12)\n")
        .contains("# Require wsgi-group ops (site.conf:15)\n");
  }

  @Test
  void passAuthorizationComesFromTheAliasTheScopeTheDaemonOrModWsgisDefault() throws Exception {
    Path file =
        conf(
            """
            WSGIDaemonProcess a pass-authorization=On
            WSGIDaemonProcess b
            WSGIScriptAlias /a /srv/a.wsgi process-group=a
            WSGIScriptAlias /a2 /srv/a2.wsgi process-group=a pass-authorization=Off
            WSGIScriptAlias /b /srv/b.wsgi process-group=b
            WSGIScriptAlias /c /srv/c.wsgi process-group=b
            <Location /b>
              WSGIPassAuthorization On
            </Location>
            """);
    Result result = run(file.toString());
    assertThat(result.code()).as(result.err()).isZero();
    assertThat(result.err()).doesNotContain("not mapped");
    List<WsgiProcessGroup> groups = result.resources();
    assertThat(groups.get(0).getSpec().getApplications())
        .extracting(a -> a.getMount() + "=" + a.getAuth().getPassAuthorization())
        .containsExactly("/a=true", "/a2=false");
    assertThat(groups.get(1).getSpec().getApplications())
        .extracting(a -> a.getMount() + "=" + a.getAuth().getPassAuthorization())
        .containsExactly("/b=true", "/c=false");
    assertThat(result.out())
        .contains("# WSGIDaemonProcess pass-authorization=On (site.conf:1)\n")
        .contains("# WSGIScriptAlias pass-authorization=Off (site.conf:4)\n")
        .contains("# WSGIPassAuthorization On (site.conf:8)\n")
        .contains("# mod_wsgi's default: WSGIPassAuthorization Off (none applies)\n");
  }

  @Test
  void requireUserIsAnyUserTheScriptAcceptsAndAHookWithoutPathIsReported() throws Exception {
    Path file =
        conf(
            """
            <Directory /srv>
              WSGIAccessScript
              AuthType Basic
              AuthName Wiki
              AuthBasicProvider wsgi
              WSGIAuthUserScript /srv/wiki-auth.wsgi
              Require user alice bob
            </Directory>
            WSGIDaemonProcess wiki
            WSGIScriptAlias /wiki /srv/wiki.wsgi process-group=wiki
            """);
    Result result = run(file.toString());
    assertThat(result.code()).as(result.err()).isZero();
    assertThat(result.err())
        .contains("site.conf:2: WSGIAccessScript: no script path")
        .contains("site.conf:7: Require user alice bob: no field lists users");
    AuthSpec auth = result.resources().get(0).getSpec().getApplications().get(0).getAuth();
    assertThat(auth.getAccessScript()).isNull();
    assertThat(auth.getAuthUserScript().getPath()).isEqualTo("/srv/wiki-auth.wsgi");
  }

  @Test
  void authThatDoesNotMapIsReportedWithItsLine() throws Exception {
    Path file =
        conf(
            """
            WSGIDaemonProcess app
            WSGIProcessGroup app
            WSGIApplicationGroup site
            WSGIScriptAlias / /srv/app.wsgi
            WSGIScriptAlias /files /srv/files.wsgi
            WSGIScriptAlias /ops /srv/ops.wsgi
            WSGIScriptAlias /staff /srv/staff.wsgi
            <Location /files>
              AuthType Basic
              AuthName files
              AuthUserFile /etc/htpasswd
              Require valid-user
            </Location>
            <Location /ops>
              WSGIAccessScript /srv/access.wsgi application-group=other
              Require ip 10.0.0.0/8
            </Location>
            <Location /staff>
              AuthType Basic
              AuthName staff
              AuthBasicProvider wsgi
              WSGIAuthUserScript /srv/auth.wsgi
              <RequireAll>
                Require valid-user
              </RequireAll>
            </Location>
            <Location /help>
              WSGIAuthUserScript /srv/auth.wsgi
            </Location>
            <Location /static>
              WSGIAccessScript /srv/access.wsgi
            </Location>
            Alias /static /srv/static
            <Location /ops/debug>
              WSGIPassAuthorization On
            </Location>
            """);
    Result result = run(file.toString());
    assertThat(result.code()).as(result.err()).isZero();
    assertThat(result.err())
        .contains("site.conf:9: AuthType Basic: Apache's own authentication (provider file)")
        .contains(
            "site.conf:15: WSGIAccessScript /srv/access.wsgi application-group=other:"
                + " application-group=other is not the application's (site)")
        .contains("site.conf:16: Require ip 10.0.0.0/8: only Require valid-user, group")
        .contains("site.conf:24: Require valid-user: inside <RequireAll>")
        .contains("site.conf:22: WSGIAuthUserScript /srv/auth.wsgi: no Require that asks")
        .contains("site.conf:28: WSGIAuthUserScript /srv/auth.wsgi: protects only /help of the")
        .contains("site.conf:31: WSGIAccessScript /srv/access.wsgi: applies to no application")
        .contains("site.conf:35: WSGIPassAuthorization On: protects only /ops/debug of the");
    List<ApplicationSpec> apps = result.resources().get(0).getSpec().getApplications();
    assertThat(apps.get(1).getAuth().getAuthUserScript()).isNull();
    // Written without the other group: the hook still guards the application, in its interpreter.
    assertThat(apps.get(2).getAuth().getAccessScript().getApplicationGroup()).isNull();
    assertThat(apps.get(3).getAuth().getAuthUserScript()).isNull();
    assertThat(run("--strict", file.toString()).code()).isEqualTo(ConvertCommand.UNMAPPED);
  }

  @Test
  void writesAFilePerGroupUnderOutputDir() throws Exception {
    Path file =
        conf(
            """
            <VirtualHost *:80>
              WSGIDaemonProcess Shop.Example_COM
              WSGIProcessGroup Shop.Example_COM
              WSGIScriptAlias / /srv/shop.wsgi
            </VirtualHost>
            <VirtualHost *:443>
              WSGIProcessGroup Shop.Example_COM
              WSGIScriptAlias / /srv/shop.wsgi
              WSGIDaemonProcess blog
              WSGIScriptAlias /blog /srv/blog.wsgi process-group=blog
            </VirtualHost>
            """);
    Path out = dir.resolve("out");
    Result result = run(file.toString(), "-o", out.toString());
    assertThat(result.code()).as(result.err()).isZero();
    assertThat(result.out()).isEmpty();
    assertThat(result.err()).doesNotContain("not mapped");
    try (var files = Files.list(out)) {
      assertThat(files.map(p -> p.getFileName().toString()).sorted())
          .containsExactly("blog.yaml", "shop-example-com.yaml");
    }
    WsgiProcessGroup shop = new ResourceReader().read(out.resolve("shop-example-com.yaml"));
    assertThat(shop.getSpec().getApplications()).hasSize(1);
  }

  @Test
  void aCPythonVirtualenvIsListedForGraalPy() throws Exception {
    Path venv = dir.resolve("venv");
    Files.createDirectories(venv.resolve("lib/python3.12/site-packages/Flask-3.0.3.dist-info"));
    Files.createDirectories(venv.resolve("lib/python3.12/site-packages/numpy-2.1.0.dist-info"));
    Files.writeString(venv.resolve("pyvenv.cfg"), "home = /usr/bin\n");
    Path file =
        conf(
            "WSGIDaemonProcess app python-home="
                + venv
                + "\nWSGIScriptAlias / /srv/app.wsgi process-group=app\n");
    Result result = run(file.toString());
    assertThat(result.err())
        .contains("python-home " + venv + " is a CPython virtualenv")
        .contains("2 distributions: Flask==3.0.3 numpy==2.1.0", "GraalPy wheels");
  }

  @Test
  void aSitePackagesOnThePythonPathIsToReinstallNotToCopy() throws Exception {
    Path file =
        conf(
            """
            WSGIDaemonProcess app python-path=/srv/app:/srv/venv/lib/python3.12/site-packages
            WSGIScriptAlias / /srv/app/wsgi.py process-group=app
            WSGIProcessGroup %{ENV:GROUP}
            WSGIScriptAlias /other /srv/other.wsgi
            """);
    Result result = run(file.toString());
    assertThat(result.err())
        .contains("copy into the image: /srv/app/\n")
        .doesNotContain("copy into the image: /srv/venv")
        .contains("python-path /srv/venv/lib/python3.12/site-packages is a CPython site-packages")
        .contains("site.conf:4: WSGIScriptAlias /other", "is chosen per request");
  }

  @Test
  void aDebianLayoutIsReadThroughItsIncludes() throws Exception {
    Path root = dir.resolve("etc/apache2");
    Files.createDirectories(root.resolve("sites-enabled"));
    Files.createDirectories(root.resolve("mods-enabled"));
    Files.writeString(
        root.resolve("apache2.conf"),
        """
        Define APACHE_LOG_DIR /var/log/apache2
        ServerRoot "%s"
        IncludeOptional mods-enabled/*.load
        IncludeOptional conf-enabled/*.conf
        <IfModule !mod_wsgi.c>
          Define NO_WSGI
        </IfModule>
        <IfDefine !NO_WSGI>
          IncludeOptional sites-enabled/*.conf
        </IfDefine>
        """
            .formatted(root));
    Files.writeString(
        root.resolve("mods-enabled/wsgi.load"),
        "LoadModule wsgi_module /usr/lib/apache2/modules/mod_wsgi.so\n");
    for (String site : List.of("graphite-web/example-graphite-vhost", "keystone/wsgi-keystone")) {
      Path source = CorpusTest.CORPUS.resolve(site + ".conf");
      Files.copy(source, root.resolve("sites-enabled/" + source.getFileName()));
    }
    Result result = run(root.resolve("apache2.conf").toString(), "--strict");
    assertThat(result.code()).isEqualTo(ConvertCommand.UNMAPPED);
    assertThat(result.resources())
        .extracting(g -> g.getMetadata().getName())
        .containsExactly("graphite", "keystone-public");
    assertThat(result.out())
        .contains("# WSGIDaemonProcess graphite (sites-enabled/example-graphite-vhost.conf:33)")
        .contains("# WSGIScriptAlias / /usr/local/bin/keystone-wsgi-public (sites-enabled/");
    assertThat(result.err()).doesNotContain("warning: ");
  }

  @Test
  void usageAndBrokenInputExitTwo() throws Exception {
    assertThat(run().code()).isEqualTo(ConvertCommand.INVALID);
    assertThat(run("--nope", "x.conf").code()).isEqualTo(ConvertCommand.INVALID);
    assertThat(run("--help").out()).contains("usage: kubewsgi convert");
    Result missing = run(dir.resolve("none.conf").toString());
    assertThat(missing.code()).isEqualTo(ConvertCommand.INVALID);
    assertThat(missing.err()).contains("none.conf");
    Result broken = run(conf("<VirtualHost *:80>\nWSGIDaemonProcess x\n").toString());
    assertThat(broken.code()).isEqualTo(ConvertCommand.INVALID);
    assertThat(broken.err()).contains("site.conf:1: <VirtualHost> is not closed");
  }
}
