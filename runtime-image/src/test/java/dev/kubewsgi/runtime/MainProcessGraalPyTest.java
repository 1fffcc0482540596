package dev.kubewsgi.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The pod contract on a real process: a failing import script exits 3 and writes the termination
 * message; SIGTERM on a Ready runtime drains and exits 0.
 */
class MainProcessGraalPyTest {

  @TempDir Path dir;

  private Process start(Path resource, int port, int adminPort) throws IOException {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    // The same JIT flags surefire gave this JVM, and its class path.
    for (String arg : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
      if (arg.startsWith("-XX:")
          || arg.startsWith("--upgrade-module-path")
          || arg.startsWith("--enable-native-access")
          || arg.startsWith("--sun-misc")) {
        command.add(arg);
      }
    }
    command.addAll(
        List.of(
            "-cp",
            System.getProperty("java.class.path"),
            "dev.kubewsgi.runtime.Main",
            "run",
            resource.toString(),
            "--host",
            "127.0.0.1",
            "--port",
            Integer.toString(port),
            "--admin-port",
            Integer.toString(adminPort)));
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
    builder.redirectOutput(dir.resolve("out.log").toFile());
    builder
        .environment()
        .put("KUBEWSGI_CACHE_DIR", RuntimeHarness.cacheDir().toAbsolutePath().toString());
    builder
        .environment()
        .put("KUBEWSGI_TERMINATION_LOG", dir.resolve("termination-log").toString());
    return builder.start();
  }

  private Path resource(String spec) throws IOException {
    Path file = dir.resolve("pg.yaml");
    Files.writeString(
        file,
        """
        apiVersion: kubewsgi.dev/v1alpha1
        kind: WsgiProcessGroup
        metadata: {name: process}
        spec:
        """
            + spec.indent(2));
    return file;
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
            0);
    assertThat(process.waitFor(300, TimeUnit.SECONDS)).isTrue();
    assertThat(process.exitValue()).isEqualTo(3);
    assertThat(Files.readString(dir.resolve("termination-log")))
        .contains("spec.importScripts[0]")
        .contains("raising_import.py:3: RuntimeError: preload failed on purpose");
    assertThat(Files.readString(dir.resolve("out.log")))
        .contains("Traceback")
        .doesNotContain("fallback runtime");
  }

  @Test
  void sigtermOnAReadyRuntimeDrainsAndExits0() throws Exception {
    int port = freePort();
    int adminPort = freePort();
    Process process =
        start(
            resource(
                "applications: [{mount: /, script: "
                    + fixture("sleepy.py")
                    + "}]\n"
                    + "warmup: {untilSettled: false}\n"
                    + "lifecycle: {drainDelaySeconds: 1, gracefulTimeoutSeconds: 10}\n"),
            port,
            adminPort);
    HttpClient client = HttpClient.newHttpClient();
    URI ready = URI.create("http://127.0.0.1:" + adminPort + "/healthz/ready");
    int status = 0;
    for (int i = 0; i < 3000 && status != 200 && process.isAlive(); i++) {
      try {
        status =
            client
                .send(HttpRequest.newBuilder(ready).build(), HttpResponse.BodyHandlers.discarding())
                .statusCode();
      } catch (IOException e) {
        // not listening yet
      }
      Thread.sleep(100);
    }
    assertThat(status).as(Files.readString(dir.resolve("out.log"))).isEqualTo(200);
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

  private static int freePort() throws IOException {
    try (var socket = new java.net.ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}
