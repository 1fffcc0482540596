package dev.kubewsgi.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.kubewsgi.api.ExitCode;
import dev.kubewsgi.runtime.boot.CheckMode;
import dev.kubewsgi.runtime.config.RuntimeConfig;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Scripts that raise, do not parse or lack their callable stop boot with their own exit code, the
 * file and line, and the traceback; readiness never turns 200 and /status shows the error.
 */
class BootFailureGraalPyTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  private static String resource(String spec) {
    return """
        apiVersion: kubewsgi.dev/v1alpha1
        kind: WsgiProcessGroup
        metadata: {name: failing}
        spec:
        """
        + spec.indent(2);
  }

  @Test
  void importScriptThatRaisesStopsBootWithExitCode3FileLineAndTraceback() throws Exception {
    try (RuntimeHarness runtime =
        RuntimeHarness.start(
            "raising",
            resource(
                """
                importScripts:
                  - {path: raising_import.py}
                applications:
                  - {mount: /, script: sleepy.py}
                """))) {
      BootFailure failure = catchThrowableOfType(BootFailure.class, runtime::awaitBoot);
      assertThat(failure.exitCode()).isEqualTo(ExitCode.IMPORT_SCRIPT_FAILED);
      assertThat(failure.getMessage())
          .contains("spec.importScripts[0]")
          .contains("raising_import.py:3")
          .contains("RuntimeError: preload failed on purpose");
      assertThat(failure.traceback()).contains("Traceback").contains("raising_import.py\", line 3");

      runtime.status.error(
          new dev.kubewsgi.runtime.admin.RuntimeStatus.BootError(
              failure.exitCode().name(), failure.getMessage(), failure.traceback()));
      HttpResponse<String> ready = runtime.admin("/healthz/ready");
      assertThat(ready.statusCode()).isEqualTo(503);
      assertThat(ready.body()).contains("\"%{GLOBAL}/0\" : \"FAILED\"");
      JsonNode status = JSON.readTree(runtime.admin("/status").body());
      assertThat(status.get("error").get("summary").asText()).contains("raising_import.py:3");
      assertThat(status.get("scripts").get(0).get("error").asText()).contains("RuntimeError");
    }
  }

  @Test
  void applicationThatDoesNotParseStopsBootWithExitCode4AndTheLine() throws Exception {
    try (RuntimeHarness runtime =
        RuntimeHarness.start(
            "syntax",
            resource(
                """
                applications:
                  - {mount: /, script: syntax_error.py}
                """))) {
      BootFailure failure = catchThrowableOfType(BootFailure.class, runtime::awaitBoot);
      assertThat(failure.exitCode()).isEqualTo(ExitCode.APPLICATION_LOAD_FAILED);
      assertThat(failure.getMessage())
          .contains("spec.applications[0].script")
          .contains("syntax_error.py:2")
          .contains("SyntaxError");
      assertThat(runtime.admin("/healthz/ready").statusCode()).isEqualTo(503);
    }
  }

  @Test
  void aScriptThatDoesNotParseStopsBootBeforeAnyScriptRuns(@TempDir Path dir) throws Exception {
    Path marker = dir.resolve("first-script-ran");
    try (RuntimeHarness runtime =
        RuntimeHarness.start(
            "compile-first",
            resource(
                """
                workers: 1
                importScripts:
                  - {source: "open(r'%s', 'w').close()", applicationGroup: a}
                  - {source: "x = (", applicationGroup: b}
                applications:
                  - {mount: /a, script: echo.py, applicationGroup: a}
                  - {mount: /b, script: echo.py, applicationGroup: b}
                """
                    .formatted(marker)))) {
      BootFailure failure = catchThrowableOfType(BootFailure.class, runtime::awaitBoot);
      assertThat(failure.exitCode()).isEqualTo(ExitCode.IMPORT_SCRIPT_FAILED);
      assertThat(failure.getMessage()).contains("(spec.importScripts[1])").contains("SyntaxError");
      assertThat(marker).as("group a's import script must not run").doesNotExist();
    }
  }

  @Test
  void missingCallableIsRefusedNamingTheField() throws Exception {
    try (RuntimeHarness runtime =
        RuntimeHarness.start(
            "nocallable",
            resource(
                """
                applications:
                  - {mount: /, script: raises.py, callable: app}
                """))) {
      BootFailure failure = catchThrowableOfType(BootFailure.class, runtime::awaitBoot);
      assertThat(failure.exitCode()).isEqualTo(ExitCode.APPLICATION_LOAD_FAILED);
      assertThat(failure.getMessage())
          .contains("spec.applications[0].callable")
          .contains("defines no callable named 'app'");
    }
  }

  @Test
  void checkModeReportsFileLineAndMessageAndExitsNonZero() throws Exception {
    RuntimeConfig broken =
        RuntimeHarness.load(
            "check-broken",
            resource(
                """
                importScripts:
                  - {path: order_first.py}
                applications:
                  - {mount: /, script: syntax_error.py}
                """));
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ExitCode code =
        CheckMode.run(
            broken,
            RuntimeHarness.cacheDir(),
            new PrintStream(out),
            new PrintStream(err, true, StandardCharsets.UTF_8));
    assertThat(code).isEqualTo(ExitCode.APPLICATION_LOAD_FAILED);
    assertThat(err.toString(StandardCharsets.UTF_8))
        .contains("syntax_error.py:2: ")
        .contains("SyntaxError")
        .contains("(spec.applications[0].script)");

    RuntimeConfig fine =
        RuntimeHarness.load(
            "check-fine",
            resource(
                """
                importScripts:
                  - {path: order_first.py}
                  - {source: "import builtins"}
                applications:
                  - {mount: /, script: echo.py}
                """));
    err.reset();
    code =
        CheckMode.run(fine, RuntimeHarness.cacheDir(), new PrintStream(out), new PrintStream(err));
    assertThat(code).as(err.toString()).isEqualTo(ExitCode.OK);
  }
}
