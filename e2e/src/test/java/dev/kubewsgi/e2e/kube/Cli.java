package dev.kubewsgi.e2e.kube;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Runs kubectl and helm from the cluster's bin dir, as a user would, with a time bound. */
public final class Cli {

  /** Exit code, standard output and standard error of one command. */
  public record Result(List<String> command, int exit, String out, String err) {
    public Result orThrow() {
      if (exit != 0) {
        throw new IllegalStateException(
            String.join(" ", command) + " exited with " + exit + "\n" + out + "\n" + err);
      }
      return this;
    }
  }

  private final Path binDir;
  private final Map<String, String> env;

  Cli(Path binDir, Path kubeconfig) {
    this.binDir = binDir;
    this.env =
        Map.of(
            "KUBECONFIG",
            kubeconfig.toString(),
            "HELM_CACHE_HOME",
            "/tmp/kubewsgi-e2e-helm/cache",
            "HELM_CONFIG_HOME",
            "/tmp/kubewsgi-e2e-helm/config",
            "HELM_DATA_HOME",
            "/tmp/kubewsgi-e2e-helm/data");
  }

  public Result kubectl(String... args) {
    return run(null, Duration.ofMinutes(2), "kubectl", args);
  }

  public Result kubectlWithInput(String stdin, String... args) {
    return run(stdin, Duration.ofMinutes(2), "kubectl", args);
  }

  public Result helm(Duration timeout, String... args) {
    return run(null, timeout, "helm", args);
  }

  private Result run(String stdin, Duration timeout, String tool, String... args) {
    List<String> command = new ArrayList<>();
    command.add(binDir.resolve(tool).toString());
    command.addAll(List.of(args));
    try {
      Path out = Files.createTempFile("kubewsgi-e2e-", ".out");
      Path err = Files.createTempFile("kubewsgi-e2e-", ".err");
      try {
        ProcessBuilder pb =
            new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile());
        pb.environment().putAll(env);
        if (stdin == null) {
          pb.redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        }
        Process p = pb.start();
        if (stdin != null) {
          try (var in = p.getOutputStream()) {
            in.write(stdin.getBytes(StandardCharsets.UTF_8));
          }
        }
        if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
          p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
          throw new IllegalStateException(
              String.join(" ", command) + " did not finish within " + timeout);
        }
        return new Result(command, p.exitValue(), Files.readString(out), Files.readString(err));
      } finally {
        Files.deleteIfExists(out);
        Files.deleteIfExists(err);
      }
    } catch (IOException e) {
      throw new IllegalStateException("cannot run " + command, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted running " + command, e);
    }
  }
}
