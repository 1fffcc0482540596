package dev.kubewsgi.operator.apiserver;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real kube-apiserver + etcd + kube-controller-manager for the {@code *ApiServerTest}s, started
 * once per test JVM by {@code e2e/cluster/control-plane.sh} (binaries built and cached by {@code
 * e2e/cluster/build.sh}), in a state dir and on ports of its own so that it never meets a cluster
 * someone else started. Stopped by {@link ControlPlaneSessionListener} when the test run ends, and
 * by a shutdown hook should that not run.
 */
public final class ControlPlane {

  private static final Logger LOG = LoggerFactory.getLogger(ControlPlane.class);

  /** Settings of control-plane.sh: our own state dir and ports; no scheduler (there is no node). */
  static final Map<String, String> ENV =
      Map.of(
          "KUBEWSGI_CLUSTER_DIR", "/tmp/kubewsgi-operator-apiserver-tests",
          "KUBEWSGI_ETCD_PORT", "32379",
          "KUBEWSGI_ETCD_PEER_PORT", "32380",
          "KUBEWSGI_APISERVER_PORT", "36443",
          "KUBEWSGI_KCM_PORT", "30257",
          "KUBEWSGI_SCHEDULER_PORT", "30259",
          "KUBEWSGI_SCHEDULER", "0");

  private static ControlPlane instance;

  private final Path repo;
  private final Path binDir;
  private final String kubeconfig;
  private final Duration startup;
  private boolean stopped;

  private ControlPlane(Path repo, Path binDir, String kubeconfig, Duration startup) {
    this.repo = repo;
    this.binDir = binDir;
    this.kubeconfig = kubeconfig;
    this.startup = startup;
  }

  /** The running control plane, started on first use. */
  public static synchronized ControlPlane get() {
    if (instance == null) {
      instance = start();
      ControlPlane started = instance;
      Runtime.getRuntime().addShutdownHook(new Thread(started::stop, "control-plane-down"));
    }
    return instance;
  }

  /** Stops the control plane if this JVM started it. */
  static synchronized void stopIfStarted() {
    if (instance != null) {
      instance.stop();
    }
  }

  public KubernetesClient newClient() {
    Config config = Config.fromKubeconfig(kubeconfig);
    config.setRequestTimeout(30_000);
    return new KubernetesClientBuilder().withConfig(config).build();
  }

  /** e2e/cluster/build.sh's bin dir: the cluster's binaries, helm and kubewsgi-tools. */
  public Path binDir() {
    return binDir;
  }

  /** How long building (when cached: checking) the binaries and starting took. */
  public Duration startup() {
    return startup;
  }

  private static ControlPlane start() {
    Path repo =
        Path.of(System.getProperty("kubewsgi.repo.dir", "../..")).toAbsolutePath().normalize();
    long t0 = System.nanoTime();
    List<String> built = run(repo, "e2e/cluster/build.sh");
    String binDir = built.getLast().strip();
    List<String> up = run(repo, "e2e/cluster/control-plane.sh", "up", "KUBEWSGI_BIN_DIR=" + binDir);
    String line = up.getLast().strip();
    if (!line.startsWith("KUBECONFIG=")) {
      throw new IllegalStateException("control-plane.sh up printed no KUBECONFIG line: " + up);
    }
    try {
      String kubeconfig = Files.readString(Path.of(line.substring("KUBECONFIG=".length())));
      Duration took = Duration.ofNanos(System.nanoTime() - t0);
      LOG.info("control plane up in {} s (bin dir {})", took.toMillis() / 1000.0, binDir);
      return new ControlPlane(repo, Path.of(binDir), kubeconfig, took);
    } catch (IOException e) {
      stopQuietly(repo);
      throw new IllegalStateException("cannot read the kubeconfig " + line, e);
    }
  }

  private synchronized void stop() {
    // For debugging a failed test: leave the control plane up (stop it with control-plane.sh down).
    if ("1".equals(System.getenv("KUBEWSGI_KEEP_CONTROL_PLANE"))) {
      LOG.warn("KUBEWSGI_KEEP_CONTROL_PLANE=1: leaving the control plane up");
      stopped = true;
    }
    if (!stopped) {
      stopped = true;
      stopQuietly(repo);
    }
  }

  private static void stopQuietly(Path repo) {
    try {
      run(repo, "e2e/cluster/control-plane.sh", "down");
    } catch (RuntimeException e) {
      LOG.warn("control-plane.sh down failed: {}", e.getMessage());
    }
  }

  // Runs a script of the repository with ENV (plus NAME=VALUE extras); returns its stdout lines.
  private static List<String> run(Path repo, String script, String... args) {
    List<String> command = new ArrayList<>(List.of(repo.resolve(script).toString()));
    ProcessBuilder builder = new ProcessBuilder();
    builder.environment().putAll(ENV);
    for (String arg : args) {
      if (arg.contains("=") && arg.startsWith("KUBEWSGI_")) {
        builder
            .environment()
            .put(arg.substring(0, arg.indexOf('=')), arg.substring(arg.indexOf('=') + 1));
      } else {
        command.add(arg);
      }
    }
    builder
        .command(command)
        .directory(repo.toFile())
        .redirectError(ProcessBuilder.Redirect.INHERIT);
    try {
      Process process = builder.start();
      String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      // A cold build of Kubernetes takes about ten minutes on two cores.
      if (!process.waitFor(30, TimeUnit.MINUTES)) {
        process.destroyForcibly();
        throw new IllegalStateException(script + " did not finish within 30 minutes");
      }
      if (process.exitValue() != 0) {
        throw new IllegalStateException(
            script
                + " "
                + String.join(" ", args)
                + " exited with "
                + process.exitValue()
                + " (its stderr is above)");
      }
      return out.lines().toList();
    } catch (IOException e) {
      throw new IllegalStateException("cannot run " + script, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted running " + script, e);
    }
  }
}
