package dev.kubewsgi.e2e.kube;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The cluster e2e/run.sh started, shared by every scenario of the run: a client, the CLI tools, the
 * locally built images, and where the repository and the report are. Settings come from the
 * environment run.sh exports (or system properties of the same name in lower case with dots).
 */
public final class E2eCluster {

  /** Namespace of the scenarios' resources; the operator goes to its own. */
  public static final String NAMESPACE = "kubewsgi-e2e";

  public static final String OPERATOR_NAMESPACE = "kubewsgi-system";
  public static final String RELEASE = "kubewsgi";

  private static E2eCluster instance;

  private final KubernetesClient client;
  private final Cli cli;
  private final Path repoDir;
  private final Path reportDir;
  private final Images images;

  /**
   * The images run.sh imported into the node's containerd, by reference; busybox is the node's own
   * ({@code e2e/cluster/node.sh busybox-image}).
   */
  public record Images(String operator, String runtime, String flask, String busybox) {}

  private E2eCluster(Path kubeconfig, Path binDir, Path repoDir, Path reportDir, Images images)
      throws IOException {
    Config config =
        Config.fromKubeconfig(null, Files.readString(kubeconfig), kubeconfig.toString());
    config.setRequestTimeout(30_000);
    this.client = new KubernetesClientBuilder().withConfig(config).build();
    this.cli = new Cli(binDir, kubeconfig);
    this.repoDir = repoDir;
    this.reportDir = reportDir;
    this.images = images;
  }

  public static synchronized E2eCluster get() {
    if (instance == null) {
      String kubeconfig = setting("KUBECONFIG", null);
      String binDir = setting("KUBEWSGI_BIN_DIR", null);
      if (kubeconfig == null || binDir == null) {
        throw new IllegalStateException(
            "KUBECONFIG and KUBEWSGI_BIN_DIR are not set: run the scenarios"
                + " through e2e/run.sh, which starts the cluster (e2e/cluster/node.sh up) and sets both");
      }
      Path repo =
          Path.of(setting("KUBEWSGI_REPO_DIR", System.getProperty("kubewsgi.repo.dir", "..")))
              .toAbsolutePath()
              .normalize();
      Path report =
          Path.of(
              System.getProperty("kubewsgi.e2e.report.dir", repo.resolve("e2e/target").toString()));
      Images images =
          new Images(
              setting("KUBEWSGI_E2E_OPERATOR_IMAGE", "kubewsgi/operator:0.1.0"),
              setting("KUBEWSGI_E2E_RUNTIME_IMAGE", "kubewsgi/runtime:0.1.0"),
              setting("KUBEWSGI_E2E_FLASK_IMAGE", "kubewsgi/example-flask:0.1.0"),
              setting("KUBEWSGI_E2E_BUSYBOX_IMAGE", "kubewsgi.local/busybox:1.35"));
      try {
        instance = new E2eCluster(Path.of(kubeconfig), Path.of(binDir), repo, report, images);
      } catch (IOException e) {
        throw new IllegalStateException("cannot read " + kubeconfig, e);
      }
      log("cluster " + instance.client.getMasterUrl() + ", images " + images);
    }
    return instance;
  }

  private static String setting(String env, String fallback) {
    String v = System.getenv(env);
    if (v == null || v.isBlank()) {
      v = System.getProperty(env.toLowerCase().replace('_', '.'));
    }
    return v == null || v.isBlank() ? fallback : v;
  }

  public KubernetesClient client() {
    return client;
  }

  public Cli cli() {
    return cli;
  }

  public Path repoDir() {
    return repoDir;
  }

  public Path reportDir() {
    return reportDir;
  }

  public Images images() {
    return images;
  }

  /** The API server's audit log (e2e/cluster/control-plane.sh's policy: service accounts only). */
  public Path auditLog() {
    return Path.of(
        setting("KUBEWSGI_CLUSTER_DIR", "/tmp/kubewsgi-e2e-cluster"), "logs", "audit.log");
  }

  /**
   * The {@code rules} of every Role and ClusterRole bound to the service account, however the chart
   * bound them.
   */
  public List<JsonNode> rulesBoundTo(String namespace, String serviceAccount) {
    ObjectMapper json = new ObjectMapper();
    List<JsonNode> rules = new ArrayList<>();
    try {
      for (String kind : List.of("rolebindings", "clusterrolebindings")) {
        JsonNode bindings =
            json.readTree(cli.kubectl("get", kind, "-A", "-o", "json").orThrow().out());
        for (JsonNode binding : bindings.path("items")) {
          boolean boundToIt = false;
          for (JsonNode subject : binding.path("subjects")) {
            boundToIt |=
                "ServiceAccount".equals(subject.path("kind").asText())
                    && serviceAccount.equals(subject.path("name").asText())
                    && namespace.equals(subject.path("namespace").asText());
          }
          if (!boundToIt) {
            continue;
          }
          JsonNode ref = binding.path("roleRef");
          List<String> get =
              "ClusterRole".equals(ref.path("kind").asText())
                  ? List.of("get", "clusterrole", ref.path("name").asText(), "-o", "json")
                  : List.of(
                      "get",
                      "role",
                      ref.path("name").asText(),
                      "-n",
                      binding.path("metadata").path("namespace").asText(),
                      "-o",
                      "json");
          json.readTree(cli.kubectl(get.toArray(String[]::new)).orThrow().out())
              .path("rules")
              .forEach(rules::add);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return rules;
  }

  /** Ensures the scenarios' namespace exists. */
  public void ensureNamespace() {
    if (client.namespaces().withName(NAMESPACE).get() == null) {
      cli.kubectl("create", "namespace", NAMESPACE).orThrow();
    }
  }

  /** One progress line on standard error with a UTC time stamp: the run's timeline. */
  public static void log(String message) {
    System.err.println(Instant.now() + " e2e: " + message);
  }

  /** Polls until the condition holds or the time is up; returns how long it took. */
  public static Duration await(
      String what, Duration timeout, java.util.function.BooleanSupplier condition) {
    long start = System.nanoTime();
    long deadline = start + timeout.toNanos();
    RuntimeException last = null;
    while (true) {
      try {
        if (condition.getAsBoolean()) {
          return Duration.ofNanos(System.nanoTime() - start);
        }
        last = null;
      } catch (RuntimeException e) {
        last = e; // the API server may hiccup under load; keep polling until the deadline
      }
      if (System.nanoTime() > deadline) {
        AssertionError error =
            new AssertionError("timed out after " + timeout + " waiting for " + what);
        if (last != null) {
          error.initCause(last);
        }
        throw error;
      }
      try {
        Thread.sleep(250);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError("interrupted waiting for " + what, e);
      }
    }
  }
}
