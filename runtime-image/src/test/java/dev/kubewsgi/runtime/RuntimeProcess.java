package dev.kubewsgi.runtime;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The runtime as a process of its own, started as {@code ./kubewsgi run FILE} starts it (the Graal
 * JIT's jars from {@code kubewsgi.jvmci.dir} on the upgrade module path, this JVM's class path),
 * for what only a real process shows: exit codes, signals, the termination message, and a runtime
 * beside another server (operator/convert's Apache round trip, through this module's test jar).
 */
public final class RuntimeProcess implements AutoCloseable {

  private final Process process;
  private final Path dir;

  private RuntimeProcess(Process process, Path dir) {
    this.process = process;
    this.dir = dir;
  }

  /**
   * Starts {@code Main run RESOURCE} on loopback; stdout and stderr go to {@code dir/out.log}, the
   * termination message to {@code dir/termination-log}.
   */
  public static RuntimeProcess start(
      Path dir, Path resource, int port, int adminPort, List<String> jvmOptions)
      throws IOException {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    Path jvmci = Path.of(System.getProperty("kubewsgi.jvmci.dir", "missing"));
    boolean jit = Files.isDirectory(jvmci);
    if (jit) {
      command.addAll(
          List.of(
              "-XX:+UnlockExperimentalVMOptions",
              "-XX:+EnableJVMCI",
              "--upgrade-module-path=" + jvmci.toAbsolutePath()));
    } else {
      // Correct without the JIT, only slower: say so once instead of Truffle's warning.
      command.add("-Dpolyglot.engine.WarnInterpreterOnly=false");
    }
    command.addAll(
        List.of(
            "--enable-native-access=ALL-UNNAMED",
            "--sun-misc-unsafe-memory-access=allow",
            "-XX:+ExitOnOutOfMemoryError",
            "-XX:TrimNativeHeapInterval=5000"));
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
    Path cache = Path.of(System.getProperty("kubewsgi.cacheDir", "target/test-cache"));
    builder.environment().put("KUBEWSGI_CACHE_DIR", cache.toAbsolutePath().toString());
    builder
        .environment()
        .put("KUBEWSGI_TERMINATION_LOG", dir.resolve("termination-log").toString());
    if (!jit) {
      System.out.println(
          "runtime process: " + jvmci + " missing, the runtime runs without the JIT");
      builder.environment().put("KUBEWSGI_ALLOW_INTERPRETED", "true");
    }
    return new RuntimeProcess(builder.start(), dir);
  }

  /** A WsgiProcessGroup file in {@code dir} with the given spec (YAML, unindented). */
  public static Path resource(Path dir, String spec) throws IOException {
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

  public Process process() {
    return process;
  }

  public boolean isAlive() {
    return process.isAlive();
  }

  /** What the process wrote so far, for a failure message. */
  public String log() throws IOException {
    Path log = dir.resolve("out.log");
    return Files.exists(log) ? Files.readString(log) : "";
  }

  /** Waits until the admin port answers Ready (true), or the process ends or time runs out. */
  public boolean awaitReady(int adminPort, Duration timeout) throws InterruptedException {
    HttpClient client = HttpClient.newHttpClient();
    URI ready = URI.create("http://127.0.0.1:" + adminPort + "/healthz/ready");
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline && process.isAlive()) {
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

  public static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  /** SIGTERM (the runtime drains and exits), then a kill after 60 s. */
  @Override
  public void close() throws InterruptedException {
    process.destroy();
    if (!process.waitFor(60, TimeUnit.SECONDS)) {
      process.destroyForcibly();
    }
  }
}
