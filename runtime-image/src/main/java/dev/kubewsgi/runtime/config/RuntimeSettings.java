package dev.kubewsgi.runtime.config;

import dev.kubewsgi.api.RuntimePorts;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * How this process runs, from the command line and the environment (the pod contract): ports, cache
 * directory, termination message file and the served-by header.
 */
public record RuntimeSettings(
    Path resourceFile,
    String host,
    int port,
    int adminPort,
    boolean check,
    Path cacheDir,
    Path terminationLog,
    String servedByPodName) {

  public static final String USAGE =
      "usage: kubewsgi run FILE.yaml [--port N] [--admin-port N] [--host ADDRESS] [--check]";

  /** Parses {@code [run] FILE [--port N] [--admin-port N] [--host A] [--check]}. */
  public static RuntimeSettings parse(String[] args, Map<String, String> env) {
    Path file = null;
    String host = "0.0.0.0";
    int port = RuntimePorts.HTTP;
    int adminPort = RuntimePorts.ADMIN;
    boolean check = false;
    for (int i = 0; i < args.length; i++) {
      String arg = args[i];
      switch (arg) {
        case "run" -> {
          if (i != 0) {
            throw new IllegalArgumentException("unexpected argument \"run\"\n" + USAGE);
          }
        }
        case "--port" -> port = port(args, ++i, arg);
        case "--admin-port" -> adminPort = port(args, ++i, arg);
        case "--host" -> host = value(args, ++i, arg);
        case "--check" -> check = true;
        default -> {
          if (arg.startsWith("-") || file != null) {
            throw new IllegalArgumentException("unexpected argument \"" + arg + "\"\n" + USAGE);
          }
          file = Path.of(arg);
        }
      }
    }
    if (file == null) {
      throw new IllegalArgumentException("no resource file given\n" + USAGE);
    }
    return new RuntimeSettings(
        file, host, port, adminPort, check, cacheDir(env), terminationLog(env), servedBy(env));
  }

  private static Path cacheDir(Map<String, String> env) {
    String dir = env.get("KUBEWSGI_CACHE_DIR");
    if (dir != null && !dir.isBlank()) {
      return Path.of(dir);
    }
    return Path.of(System.getProperty("user.home"), ".cache", "kubewsgi");
  }

  private static Path terminationLog(Map<String, String> env) {
    String file = env.get("KUBEWSGI_TERMINATION_LOG");
    if (file != null && !file.isBlank()) {
      return Path.of(file);
    }
    // The kubelet mounts this file writable into /dev, which a non-root user cannot write: test the
    // file.
    Path fallback = Path.of("/dev/termination-log");
    return Files.isRegularFile(fallback) && Files.isWritable(fallback) ? fallback : null;
  }

  private static String servedBy(Map<String, String> env) {
    if (!"true".equalsIgnoreCase(env.get("KUBEWSGI_SERVED_BY_HEADER"))) {
      return null;
    }
    String pod = env.get("POD_NAME");
    if (pod == null || pod.isBlank()) {
      pod = env.getOrDefault("HOSTNAME", "localhost");
    }
    return pod;
  }

  private static String value(String[] args, int i, String option) {
    if (i >= args.length) {
      throw new IllegalArgumentException(option + " needs a value\n" + USAGE);
    }
    return args[i];
  }

  private static int port(String[] args, int i, String option) {
    String text = value(args, i, option);
    try {
      int port = Integer.parseInt(text);
      if (port < 0 || port > 65535) {
        throw new NumberFormatException();
      }
      return port;
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(
          option + " must be a port number 0-65535, not \"" + text + "\"");
    }
  }
}
