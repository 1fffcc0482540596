package dev.kubewsgi.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.kubewsgi.api.ExitCode;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * Applications named as gunicorn names them ({@code package.module[:callable]}), imported from
 * pythonPath: served over real HTTP; a missing or raising module stops boot naming the field, and
 * {@code --check} finds a missing one before any pod would start.
 */
class ModuleApplicationsGraalPyTest {

  private static String resource(String name, String applications) {
    return """
        apiVersion: kubewsgi.dev/v1alpha1
        kind: WsgiProcessGroup
        metadata: {name: %s}
        spec:
          pythonPath: ["."]
          warmup: {untilSettled: false, requests: [{path: /, count: 5}]}
          applications:
        %s
        """
        .formatted(name, applications.indent(4));
  }

  @Nested
  class Served extends RuntimePerClass {
    @Override
    String name() {
      return "modules";
    }

    @Override
    String yaml() {
      return ModuleApplicationsGraalPyTest.resource(
          name(),
          """
          - {mount: /, module: modapps.site}
          - {mount: /api, module: "modapps.site:api"}
          """);
    }

    @Test
    void theModuleAndTheCallableAfterTheColon() throws Exception {
      assertThat(runtime.get("/x").body()).isEqualTo("site modapps.site ");
      assertThat(runtime.get("/api/items").body()).isEqualTo("api /items");
    }
  }

  private static BootFailure bootFailure(String name, String applications) throws Exception {
    try (RuntimeHarness runtime = RuntimeHarness.start(name, resource(name, applications))) {
      return catchThrowableOfType(BootFailure.class, runtime::awaitBoot);
    }
  }

  @Test
  void aMissingModuleStopsBootNamingTheField() throws Exception {
    BootFailure failure = bootFailure("missing", "- {mount: /, module: modapps.nothere}");
    assertThat(failure.exitCode()).isEqualTo(ExitCode.APPLICATION_LOAD_FAILED);
    assertThat(failure.getMessage())
        .contains("spec.applications[0].module")
        .contains("No module named 'modapps.nothere'");
  }

  @Test
  void aModuleThatRaisesStopsBootWithItsFileAndLine() throws Exception {
    BootFailure failure = bootFailure("broken", "- {mount: /, module: modapps.broken}");
    assertThat(failure.exitCode()).isEqualTo(ExitCode.APPLICATION_LOAD_FAILED);
    assertThat(failure.getMessage())
        .contains("spec.applications[0].module")
        .contains("broken.py:3")
        .contains("RuntimeError: broken on purpose");
  }

  @Test
  void aMissingCallableIsTheCallablesFault() throws Exception {
    BootFailure failure = bootFailure("nocallable", "- {mount: /, module: \"modapps.site:nope\"}");
    assertThat(failure.getMessage())
        .contains("spec.applications[0].callable")
        .contains("defines no callable named 'nope'");
  }

  @Test
  void checkModeFindsAMissingModule() throws Exception {
    var config =
        RuntimeHarness.load("check", resource("check", "- {mount: /, module: modapps.nothere}"));
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    ExitCode code =
        dev.kubewsgi.runtime.boot.CheckMode.run(
            config,
            RuntimeHarness.cacheDir(),
            new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8));
    assertThat(code).isEqualTo(ExitCode.APPLICATION_LOAD_FAILED);
    assertThat(err.toString(StandardCharsets.UTF_8))
        .contains("No module named 'modapps.nothere'")
        .contains("spec.applications[0].module");
  }
}
