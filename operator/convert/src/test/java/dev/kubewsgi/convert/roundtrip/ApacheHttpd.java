package dev.kubewsgi.convert.roundtrip;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Apache httpd with mod_wsgi from Debian's packages, in the foreground on loopback, with its own
 * ServerRoot, PidFile and ErrorLog in a temporary folder (as bench/apache does): no system Apache
 * is touched.
 */
final class ApacheHttpd implements AutoCloseable {

  static final Path APACHE2 = Path.of("/usr/sbin/apache2");

  private final Path root;
  private final Process process;

  private ApacheHttpd(Path root, Process process) {
    this.root = root;
    this.process = process;
  }

  /**
   * Makes {@code root} readable by the daemon's user: started as root, Apache runs its children and
   * mod_wsgi's daemons as nobody, who must read the scripts.
   */
  static void openToDaemonUser(Path root) throws IOException {
    try (Stream<Path> walk = Files.walk(root)) {
      for (Path p : walk.toList()) {
        Files.setPosixFilePermissions(
            p, PosixFilePermissions.fromString(Files.isDirectory(p) ? "rwxr-xr-x" : "rw-r--r--"));
      }
    }
  }

  /** The {@code User}/{@code Group} lines: only root may switch, and must not serve as root. */
  static String userLines() {
    return "root".equals(System.getProperty("user.name")) ? "User nobody\nGroup nogroup" : "";
  }

  static ApacheHttpd start(Path root, Path conf) throws IOException {
    Process process =
        new ProcessBuilder(List.of(APACHE2.toString(), "-DFOREGROUND", "-f", conf.toString()))
            .redirectErrorStream(true)
            .redirectOutput(root.resolve("apache2.out").toFile())
            .start();
    return new ApacheHttpd(root, process);
  }

  boolean isAlive() {
    return process.isAlive();
  }

  /** What Apache said on stdout and in its error log, for a failure message. */
  String log() throws IOException {
    StringBuilder text = new StringBuilder();
    for (String name : List.of("apache2.out", "error.log")) {
      Path file = root.resolve(name);
      if (Files.exists(file)) {
        text.append("--- ").append(name).append('\n').append(Files.readString(file));
      }
    }
    return text.toString();
  }

  @Override
  public void close() throws InterruptedException {
    process.destroy(); // SIGTERM: httpd stops its children and mod_wsgi's daemons
    if (!process.waitFor(30, TimeUnit.SECONDS)) {
      process.destroyForcibly();
    }
  }
}
