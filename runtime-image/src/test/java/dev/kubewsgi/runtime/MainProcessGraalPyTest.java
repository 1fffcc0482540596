package dev.kubewsgi.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kubewsgi.api.ExitCode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The pod contract on a real process: a failing import script exits 7 and writes the termination
 * message; SIGTERM on a Ready runtime drains and exits 0.
 */
class MainProcessGraalPyTest {

  @TempDir Path dir;

  private RuntimeProcess start(Path resource, int port, int adminPort) throws IOException {
    return RuntimeProcess.start(dir, resource, port, adminPort, List.of());
  }

  private Path resource(String spec) throws IOException {
    return RuntimeProcess.resource(dir, spec);
  }

  private static String fixture(String name) {
    return RuntimeHarness.fixtures().resolve(name).toString();
  }

  @Test
  void failingImportScriptExits3AndWritesTheTerminationMessage() throws Exception {
    Process process =
        start(
                resource(
                    "importScripts: [{path: "
                        + fixture("raising_import.py")
                        + "}]\n"
                        + "applications: [{mount: /, script: "
                        + fixture("sleepy.py")
                        + "}]\n"),
                0,
                0)
            .process();
    assertThat(process.waitFor(300, TimeUnit.SECONDS)).isTrue();
    assertThat(process.exitValue()).isEqualTo(ExitCode.IMPORT_SCRIPT_FAILED.code());
    assertThat(Files.readString(dir.resolve("termination-log")))
        .contains("spec.importScripts[0]")
        .contains("raising_import.py:3: RuntimeError: preload failed on purpose");
    assertThat(Files.readString(dir.resolve("out.log")))
        .contains("Traceback")
        .doesNotContain("fallback runtime");
  }

  @Test
  void sigtermOnAReadyRuntimeDrainsAndExits0() throws Exception {
    int port = RuntimeProcess.freePort();
    int adminPort = RuntimeProcess.freePort();
    RuntimeProcess runtime =
        start(
            resource(
                "applications: [{mount: /, script: "
                    + fixture("sleepy.py")
                    + "}]\n"
                    + "warmup: {untilSettled: false}\n"
                    + "lifecycle: {drainDelaySeconds: 1, gracefulTimeoutSeconds: 10}\n"),
            port,
            adminPort);
    assertThat(runtime.awaitReady(adminPort, Duration.ofMinutes(5))).as(runtime.log()).isTrue();
    Process process = runtime.process();
    HttpClient client = HttpClient.newHttpClient();
    HttpResponse<String> served =
        client.send(
            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/")).build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(served.statusCode()).isEqualTo(200);

    process.destroy(); // SIGTERM
    assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(process.exitValue()).isEqualTo(0);
    assertThat(Files.readString(dir.resolve("out.log"))).contains("draining").contains("drained");
  }
}
