package dev.kubewsgi.runtime;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The runtime as a process of its own, started as the launchers start it (this JVM's JIT flags and
 * class path), for what only a real process shows: exit codes, signals, the termination message.
 */
final class RuntimeProcess {

  private RuntimeProcess() {}

  /** Starts {@code Main run RESOURCE}; stdout and stderr go to {@code dir/out.log}. */
  static Process start(Path dir, Path resource, int port, int adminPort, List<String> jvmOptions)
      throws IOException {
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
    command.addAll(jvmOptions);
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

  /** A WsgiProcessGroup file in {@code dir} with the given spec (YAML, unindented). */
  static Path resource(Path dir, String spec) throws IOException {
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

  /** Waits until the admin port answers Ready (true) or the process ends (false). */
  static boolean awaitReady(Process process, int adminPort) throws InterruptedException {
    HttpClient client = HttpClient.newHttpClient();
    URI ready = URI.create("http://127.0.0.1:" + adminPort + "/healthz/ready");
    for (int i = 0; i < 3000 && process.isAlive(); i++) {
      try {
        int status =
            client
                .send(HttpRequest.newBuilder(ready).build(), HttpResponse.BodyHandlers.discarding())
                .statusCode();
        if (status == 200) {
          return true;
        }
      } catch (IOException e) {
        // not listening yet
      }
      Thread.sleep(100);
    }
    return false;
  }

  static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}
