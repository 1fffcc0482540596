package dev.kubewsgi.operator;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The operator's process when its API server is away at start, as after a restart during an outage:
 * it exits 1 (the kubelet then starts it again), rather than living on half-started, never Ready
 * and never restarted, which the e2e's outage scenario found.
 */
class OperatorStartFailureProcessTest {

  @TempDir Path dir;

  @Test
  void exitsWhenTheApiServerCannotBeReachedAtStart() throws Exception {
    int closedPort;
    try (ServerSocket s = new ServerSocket(0)) {
      closedPort = s.getLocalPort();
    }
    Path kubeconfig = dir.resolve("kubeconfig");
    Files.writeString(
        kubeconfig,
        """
        apiVersion: v1
        kind: Config
        clusters: [{name: away, cluster: {server: "https://127.0.0.1:%d", insecure-skip-tls-verify: true}}]
        users: [{name: u, user: {token: none}}]
        contexts: [{name: away, context: {cluster: away, user: u}}]
        current-context: away
        """
            .formatted(closedPort));
    ProcessBuilder builder =
        new ProcessBuilder(
                List.of(
                    Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-cp",
                    System.getProperty("java.class.path"),
                    KubewsgiOperator.class.getName(),
                    "--namespaces",
                    "shop",
                    "--health-port",
                    "0",
                    "--metrics-port",
                    "0"))
            .redirectErrorStream(true)
            .redirectOutput(dir.resolve("out.log").toFile());
    builder.environment().put("KUBECONFIG", kubeconfig.toString());
    builder.environment().remove("KUBERNETES_SERVICE_HOST");
    Process process = builder.start();
    try {
      assertThat(process.waitFor(240, TimeUnit.SECONDS))
          .as("exited; output: %s", Files.readString(dir.resolve("out.log")))
          .isTrue();
      assertThat(process.exitValue()).isEqualTo(1);
      assertThat(Files.readString(dir.resolve("out.log"))).contains("cannot start the operator");
    } finally {
      process.destroyForcibly();
    }
  }
}
