package dev.kubewsgi.convert.roundtrip;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The kubewsgi runtime as its own process, as {@code ./kubewsgi run FILE} starts it: {@code
 * dev.kubewsgi.runtime.Main run} with this test's class path (the runtime module is a test
 * dependency) and, when runtime-image's build copied them, the Graal JIT's jars on the upgrade
 * module path.
 */
final class RuntimeProcess implements AutoCloseable {

  private final Process process;
  private final Path log;

  private RuntimeProcess(Process process, Path log) {
    this.process = process;
    this.log = log;
  }

  static RuntimeProcess start(Path resource, int port, int adminPort, Path log) throws IOException {
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
            "-Xss4m",
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
    builder.redirectOutput(log.toFile());
    Path cache = Path.of(System.getProperty("kubewsgi.cacheDir", "target/test-cache"));
    builder.environment().put("KUBEWSGI_CACHE_DIR", cache.toAbsolutePath().toString());
    if (!jit) {
      System.out.println("round trip: " + jvmci + " missing, the runtime runs without the JIT");
      builder.environment().put("KUBEWSGI_ALLOW_INTERPRETED", "true");
    }
    return new RuntimeProcess(builder.start(), log);
  }

  boolean isAlive() {
    return process.isAlive();
  }

  String log() throws IOException {
    return Files.exists(log) ? Files.readString(log) : "";
  }

  @Override
  public void close() throws InterruptedException {
    process.destroy(); // SIGTERM: the runtime drains and exits
    if (!process.waitFor(60, TimeUnit.SECONDS)) {
      process.destroyForcibly();
    }
  }
}
