package dev.kubewsgi.convert.apache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigReaderTest {

  @TempDir Path dir;

  private Path file(String name, String text) throws IOException {
    Path path = dir.resolve(name);
    Files.createDirectories(path.getParent());
    Files.writeString(path, text);
    return path;
  }

  private ApacheConfig read(Path main) throws Exception {
    return new ConfigReader(Map.of(), Map.of("HOME_DIR", "/home/me")).read(main);
  }

  // Every directive of the tree, sections' children included, as "name args".
  private static List<String> flat(List<Directive> directives) {
    List<String> out = new ArrayList<>();
    for (Directive d : directives) {
      out.add(d.text());
      out.addAll(flat(d.children()));
    }
    return out;
  }

  @Test
  void includesGlobsRelativeToServerRootInAlphabeticalOrder() throws Exception {
    file("root/sites-enabled/b.conf", "WSGIScriptAlias /b /b.wsgi\n");
    file("root/sites-enabled/a.conf", "WSGIScriptAlias /a /a.wsgi\n");
    file("root/sites-enabled/skip.txt", "WSGIScriptAlias /x /x.wsgi\n");
    Path main =
        file(
            "conf/httpd.conf",
            "ServerRoot " + dir.resolve("root") + "\nInclude sites-enabled/*.conf\n");
    ApacheConfig config = read(main);
    assertThat(flat(config.directives()))
        .containsExactly("WSGIScriptAlias /a /a.wsgi", "WSGIScriptAlias /b /b.wsgi");
    assertThat(config.directives().get(0).origin().file()).endsWith("a.conf");
  }

  @Test
  void includesRelativeToTheIncludingFileWhenServerRootHasNothing() throws Exception {
    file("conf/extra/wsgi.conf", "WSGIDaemonProcess x\n");
    Path main =
        file("conf/site.conf", "<VirtualHost *:80>\nInclude extra/wsgi.conf\n</VirtualHost>\n");
    Directive vhost = read(main).directives().get(0);
    assertThat(vhost.children()).extracting(Directive::text).containsExactly("WSGIDaemonProcess x");
    assertThat(vhost.children().get(0).origin()).isEqualTo(new Origin("extra/wsgi.conf", 1));
    assertThat(vhost.origin()).isEqualTo(new Origin("site.conf", 1));
  }

  @Test
  void aFolderIncludesEveryFileUnderIt() throws Exception {
    file("conf.d/1.conf", "Define ONE\n");
    file("conf.d/sub/2.conf", "Alias /two /srv/two\n");
    Path main =
        file("main.conf", "Include conf.d\n<IfDefine ONE>\nAlias /one /srv/one\n</IfDefine>\n");
    assertThat(flat(read(main).directives()))
        .containsExactly("Alias /two /srv/two", "Alias /one /srv/one");
  }

  @Test
  void aMissingIncludeIsReportedAndAMissingIncludeOptionalIsNot() throws Exception {
    Path main = file("main.conf", "Include /nowhere/x.conf\nIncludeOptional /nowhere/*.conf\n");
    ApacheConfig config = read(main);
    assertThat(config.notices()).hasSize(1);
    assertThat(config.notices().get(0).toString())
        .contains("main.conf:1", "Include /nowhere/x.conf", "no such file");
  }

  @Test
  void anIncludeOfItselfIsRefused() throws Exception {
    Path main = file("main.conf", "Include main.conf\n");
    assertThatThrownBy(() -> read(main))
        .isInstanceOf(ConfigSyntaxException.class)
        .hasMessageContaining("includes itself");
  }

  @Test
  void definesAndEnvironmentSubstituteInOrder() throws Exception {
    Path main =
        file(
            "main.conf",
            "Alias /a ${ROOT}/a\nDefine ROOT /srv\nAlias /b ${ROOT}/b\nAlias /c ${HOME_DIR}/c\n"
                + "UnDefine ROOT\nAlias /d ${ROOT}/d\n");
    ApacheConfig config = read(main);
    assertThat(flat(config.directives()))
        .containsExactly(
            "Alias /a ${ROOT}/a", "Alias /b /srv/b", "Alias /c /home/me/c", "Alias /d ${ROOT}/d");
    assertThat(config.warnings()).extracting(n -> n.origin().line()).containsExactly(1, 6);
    assertThat(config.notices()).isEmpty();
  }

  @Test
  void ifModuleHoldsForModWsgiAndLoadedModulesOnly() throws Exception {
    Path main =
        file(
            "main.conf",
            """
            <IfModule mod_wsgi.c>
              Alias /wsgi /x
            </IfModule>
            <IfModule wsgi_module>
              Alias /wsgi2 /x
            </IfModule>
            <IfModule !mod_wsgi.c>
              Alias /embedded-fallback /x
            </IfModule>
            <IfModule mod_php7.c>
              Alias /php /x
              <IfModule mod_wsgi.c>
                Define NESTED_IN_FALSE
              </IfModule>
            </IfModule>
            LoadModule php7_module modules/libphp7.so
            <IfModule mod_php7.c>
              Alias /php-loaded /x
            </IfModule>
            <IfDefine NESTED_IN_FALSE>
              Alias /never /x
            </IfDefine>
            """);
    assertThat(flat(read(main).directives()))
        .containsExactly(
            "Alias /wsgi /x",
            "Alias /wsgi2 /x",
            "LoadModule php7_module modules/libphp7.so",
            "Alias /php-loaded /x");
  }

  @Test
  void ifDefineTakesCommandLineNamesAndIfVersionTheApacheVersion() throws Exception {
    Path main =
        file(
            "main.conf",
            """
            <IfDefine SSL>
              Alias /ssl /x
            </IfDefine>
            <IfDefine !SSL>
              Alias /plain /x
            </IfDefine>
            <IfVersion >= 2.4>
              Alias /new /x
            </IfVersion>
            <IfVersion < 2.4>
              Alias /old /x
            </IfVersion>
            <IfVersion = 2.4>
              Alias /minor /x
            </IfVersion>
            """);
    ApacheConfig config = new ConfigReader(Map.of("SSL", ""), Map.of()).read(main);
    assertThat(flat(config.directives()))
        .containsExactly("Alias /ssl /x", "Alias /new /x", "Alias /minor /x");
  }

  @Test
  void sectionsNestAndKeepTheirArguments() throws Exception {
    Path main =
        file(
            "main.conf",
            "<VirtualHost *:443>\n  <Directory \"/srv/my app\">\n    Require all granted\n"
                + "  </Directory>\n</virtualhost>\n");
    Directive vhost = read(main).directives().get(0);
    assertThat(vhost.section()).isTrue();
    assertThat(vhost.args()).containsExactly("*:443");
    Directive directory = vhost.children().get(0);
    assertThat(directory.args()).containsExactly("/srv/my app");
    assertThat(directory.origin().line()).isEqualTo(2);
    assertThat(directory.children())
        .extracting(Directive::text)
        .containsExactly("Require all granted");
  }

  @Test
  void anUnclosedOrMismatchedSectionIsAnError() throws Exception {
    Path unclosed = file("a.conf", "<VirtualHost *:80>\nServerName x\n");
    assertThatThrownBy(() -> read(unclosed))
        .isInstanceOf(ConfigSyntaxException.class)
        .hasMessageContaining("a.conf:1")
        .hasMessageContaining("not closed");
    Path mismatched = file("b.conf", "<Location />\n</Directory>\n");
    assertThatThrownBy(() -> read(mismatched))
        .isInstanceOf(ConfigSyntaxException.class)
        .hasMessageContaining("b.conf:2");
  }
}
