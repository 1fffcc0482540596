package dev.kubewsgi.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.kubewsgi.runtime.config.Application;
import dev.kubewsgi.runtime.config.ApplicationGroup;
import dev.kubewsgi.runtime.config.ConfigException;
import dev.kubewsgi.runtime.config.ConfigLoader;
import dev.kubewsgi.runtime.config.ImportScript;
import dev.kubewsgi.runtime.config.RuntimeConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What the runtime refuses before starting any interpreter, each error naming its field. */
class ConfigLoaderTest {

  private static String resource(String spec) {
    return """
        apiVersion: kubewsgi.dev/v1alpha1
        kind: WsgiProcessGroup
        metadata: {name: config}
        spec:
        """
        + spec.indent(2);
  }

  private static String refusal(String spec) {
    return catchThrowableOfType(
            ConfigException.class, () -> RuntimeHarness.load("config", resource(spec)))
        .getMessage();
  }

  @Test
  void defaultsFillEveryOmittedSubSpec() throws Exception {
    RuntimeConfig config =
        RuntimeHarness.load("config", resource("applications: [{mount: /, script: echo.py}]"));
    assertThat(config.workers()).isEqualTo(1);
    assertThat(config.lifecycle().getStartupTimeoutSeconds()).isEqualTo(300);
    assertThat(config.limits().getMaxBodySize()).isEqualTo(10485760L);
    assertThat(config.warmup().getRequests()).isNull();
    assertThat(config.applications().get(0).script()).endsWith("fixtureapps/echo.py");
    assertThat(config.groups())
        .singleElement()
        .satisfies(g -> assertThat(g.name()).isEqualTo("%{GLOBAL}"));
  }

  @Test
  void inlineImportScriptsAreNamedInTracebacksByTheirDeclaredName() throws Exception {
    RuntimeConfig config =
        RuntimeHarness.load(
            "config",
            resource(
                """
                applications: [{mount: /, script: echo.py}]
                importScripts: [{name: marker.py, source: "x = 1"}, {source: "y = 2"}]
                """));
    assertThat(config.importScripts())
        .extracting(ImportScript::path)
        .containsExactly("marker.py", "<importScripts[1]>");
  }

  @Test
  void importScriptInAGroupNoApplicationUsesIsRefused() {
    assertThat(
            refusal(
                """
                importScripts: [{path: order_first.py}, {path: order_second.py, applicationGroup: nowhere}]
                applications: [{mount: /, script: echo.py}]
                """))
        .contains("spec.importScripts[1].applicationGroup")
        .contains("\"nowhere\" is used by no application");
  }

  @Test
  void warmupPathThatNoMountServesIsRefused() {
    assertThat(
            refusal(
                """
                applications: [{mount: /api, script: echo.py}]
                warmup: {requests: [{path: /api/ok}, {path: "/other?x=1"}]}
                """))
        .contains("spec.warmup.requests[1].path")
        .doesNotContain("spec.warmup.requests[0]");
  }

  @Test
  void warmupPathsAreRoutedAsRequestsAre() {
    String refused =
        refusal(
            """
            applications: [{mount: /api, script: echo.py}]
            warmup: {requests: [{path: /api/../api/ok}, {path: /api/a%2Fb}, {path: /x/../api}]}
            """);
    assertThat(refused)
        .contains("spec.warmup.requests[1].path", "answered 404 before routing")
        .doesNotContain("spec.warmup.requests[0]")
        .doesNotContain("spec.warmup.requests[2]");
    assertThat(
            refusal(
                """
                applications: [{mount: /api, script: echo.py}]
                warmup: {requests: [{path: /api/../ok}]}
                """))
        .contains("spec.warmup.requests[0].path", "no application is mounted");
  }

  @Test
  void missingAuthHookFilesAreRefusedNamingTheField() {
    assertThat(
            refusal(
                """
                applications:
                  - mount: /
                    script: echo.py
                    auth:
                      accessScript: {path: no_access.py}
                      authUserScript: {path: no_users.py, realm: r}
                """))
        .contains("spec.applications[0].auth.accessScript.path: no such file")
        .contains("spec.applications[0].auth.authUserScript.path: no such file");
  }

  @Test
  void missingScriptFilesAreRefusedNamingTheField() {
    assertThat(
            refusal(
                """
                importScripts: [{path: nope.py}]
                applications: [{mount: /, script: missing/app.py}]
                """))
        .contains("spec.applications[0].script: no such file")
        .contains("spec.importScripts[0].path: no such file");
  }

  @Test
  void modWsgiGroupFormsAreExpandedAtLoad() throws Exception {
    Path dir = Files.createTempDirectory("kubewsgi-test-");
    Path file = dir.resolve("groups.yaml");
    Files.writeString(
        file,
        resource(
            """
            importScripts:
              - {source: "x = 1", applicationGroup: "%{SERVER}"}
              - {source: "y = 2", applicationGroup: "%{ENV:SITE_GROUP}"}
            applications:
              - {mount: /, script: echo.py, applicationGroup: "%{RESOURCE}"}
              - {mount: /api, script: echo.py, applicationGroup: "%{RESOURCE}"}
              - {mount: /admin, script: echo.py, applicationGroup: "%{SERVER}"}
              - {mount: /shop, script: echo.py, applicationGroup: "%{ENV:SITE_GROUP}"}
              - {mount: /plain, script: echo.py}
            """));
    Map<String, String> env = Map.of("SITE_GROUP", "shop-group");
    RuntimeConfig config = new ConfigLoader(RuntimeHarness.fixtures(), env::get).load(file);
    assertThat(config.applications())
        .extracting(Application::group)
        .containsExactly("config|/", "config|/api", "config", "shop-group", "%{GLOBAL}");
    // Each expanded group is a group of its own, with the import scripts that name it.
    assertThat(config.groups())
        .extracting(ApplicationGroup::name)
        .containsExactly("config|/", "config|/api", "config", "shop-group", "%{GLOBAL}");
    assertThat(config.importScripts())
        .extracting(ImportScript::group)
        .containsExactly("config", "shop-group");

    assertThatThrownBy(() -> new ConfigLoader(RuntimeHarness.fixtures(), n -> null).load(file))
        .hasMessageContaining(
            "spec.applications[3].applicationGroup: %{ENV:SITE_GROUP}: the environment variable"
                + " SITE_GROUP is not set");
  }

  @Test
  void staticDirectoriesMustExistAndResolveLikeScripts() throws Exception {
    assertThat(
            refusal(
                """
                applications: [{mount: /, script: echo.py}]
                staticFiles: [{mount: /s, directory: modapps}, {mount: /t, directory: echo.py}]
                """))
        .contains("spec.staticFiles[1].directory: no such directory")
        .doesNotContain("spec.staticFiles[0]");
    RuntimeConfig config =
        RuntimeHarness.load(
            "config",
            resource(
                """
                applications: [{mount: /, script: echo.py}]
                staticFiles: [{mount: /s, directory: modapps}]
                """));
    assertThat(config.staticFiles().get(0).directory())
        .isEqualTo(RuntimeHarness.fixtures().resolve("modapps").toRealPath());
  }

  @Test
  void schemaBoundsAndTypesAreRefusedWithFieldAndLine() {
    assertThat(refusal("workers: 0\napplications: [{mount: /, script: echo.py}]"))
        .contains("spec.workers: is 0, must be at least 1");
    assertThat(refusal("workers: many\napplications: [{mount: /, script: echo.py}]"))
        .contains(":5:")
        .contains("spec.workers")
        .contains("a number");
    assertThat(refusal("applications: [{mount: /, script: echo.py, colable: app}]"))
        .contains("unknown field \"colable\"");
  }

  @Test
  void configMapScriptsAreRefusedInALocalRun() {
    assertThat(
            refusal(
                """
                importScripts: [{configMapRef: {name: scripts, key: preload.py}}]
                applications: [{mount: /, script: echo.py}]
                """))
        .contains("spec.importScripts[0].configMapRef");
  }
}
