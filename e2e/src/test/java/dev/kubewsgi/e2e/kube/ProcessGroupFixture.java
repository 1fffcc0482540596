package dev.kubewsgi.e2e.kube;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.kubewsgi.e2e.load.HttpConnection;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentStatus;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * The examples/flask WsgiProcessGroup as the scenarios run it, and what they ask of it: apply,
 * patch, status conditions, its Deployment's rollout, its Service address and pods.
 *
 * <p>The example is read from the repository and changed only where the test needs it: the image
 * built by this run, the served-by header, an inline import script whose content the rollouts
 * change, a restart annotation, an environment variable, two threads per worker (so a 2 s request
 * does not hold a pod's only thread), and the sizing described in {@link Sizing}.
 */
public final class ProcessGroupFixture {

  public static final String PROCESS_GROUP_LABEL = "kubewsgi.dev/process-group";
  public static final String NAME = "flask";

  /** The inline import script the rollouts change (and the broken-script scenario breaks). */
  public static final String MARKER_SCRIPT = "e2e-marker.py";

  public static final String ROLLOUT_ENV = "E2E_ROLLOUT";
  public static final String RESTART_ANNOTATION = "kubewsgi.dev/restarted-at";

  /**
   * What the operator stamps on the pod template: a hash of the configuration the runtime reads.
   */
  public static final String CONFIG_HASH_ANNOTATION = "kubewsgi.dev/config-hash";

  public static final String RUNTIME_CONTAINER = "runtime";

  /** The request the load sends: a JSON route the warm-up covers. */
  public static final String LOAD_PATH = "/api/items?page=3&size=10";

  static final ResourceDefinitionContext WPG =
      new ResourceDefinitionContext.Builder()
          .withGroup("kubewsgi.dev")
          .withVersion("v1alpha1")
          .withKind("WsgiProcessGroup")
          .withPlural("wsgiprocessgroups")
          .withNamespaced(true)
          .build();

  private static final ObjectMapper JSON = new ObjectMapper();

  /**
   * How the pods are sized and paced on a 2-core node where a new pod's start-up and warm-up
   * compete with the serving pods and the load generator.
   *
   * @param cpuRequest scheduling only, no CPU limit: start-up and the JIT need every idle cycle
   * @param maxSurge one new pod at a time
   * @param minReadySeconds a new pod stays Ready this long, taking load, before an old one goes
   * @param warmupTimeoutSeconds spec.warmup.timeoutSeconds: the example warms until settled, which
   *     on a node shared with the serving pods and the load takes longer than CI can give each pod
   */
  public record Sizing(
      int replicas,
      int threads,
      String cpuRequest,
      String memoryRequest,
      String memoryLimit,
      int maxSurge,
      int minReadySeconds,
      int startupTimeoutSeconds,
      double warmupScale,
      int warmupTimeoutSeconds,
      String javaOptions) {
    public static Sizing fromProperties() {
      return new Sizing(
          2,
          Integer.getInteger("kubewsgi.e2e.threads", 2),
          System.getProperty("kubewsgi.e2e.cpu", "250m"),
          System.getProperty("kubewsgi.e2e.memory", "1Gi"),
          System.getProperty("kubewsgi.e2e.memory.limit", "2Gi"),
          Integer.getInteger("kubewsgi.e2e.max.surge", 1),
          Integer.getInteger("kubewsgi.e2e.min.ready.seconds", 5),
          Integer.getInteger("kubewsgi.e2e.startup.timeout.seconds", 1200),
          Double.parseDouble(System.getProperty("kubewsgi.e2e.warmup.scale", "1")),
          Integer.getInteger("kubewsgi.e2e.warmup.timeout.seconds", 60),
          System.getProperty("kubewsgi.e2e.java.options", "-XX:MaxRAMPercentage=50"));
    }
  }

  private final E2eCluster cluster;
  private final String namespace;
  private final Sizing sizing;

  public ProcessGroupFixture(E2eCluster cluster, String namespace, Sizing sizing) {
    this.cluster = cluster;
    this.namespace = namespace;
    this.sizing = sizing;
  }

  public Sizing sizing() {
    return sizing;
  }

  public String namespace() {
    return namespace;
  }

  /** examples/flask/flask.yaml with the test's changes. */
  public ObjectNode manifest() {
    Path file = cluster.repoDir().resolve("examples/flask/flask.yaml");
    ObjectNode wpg;
    try {
      wpg = (ObjectNode) new YAMLMapper().readTree(file.toFile());
    } catch (IOException e) {
      throw new IllegalStateException("cannot read " + file, e);
    }
    ((ObjectNode) wpg.get("metadata")).put("name", NAME).put("namespace", namespace);
    ObjectNode spec = (ObjectNode) wpg.get("spec");
    spec.put("image", cluster.images().flask());
    spec.put("replicas", sizing.replicas());
    spec.put("threads", sizing.threads());
    ArrayNode env = spec.withArray("env");
    env.addObject().put("name", "KUBEWSGI_SERVED_BY_HEADER").put("value", "true");
    env.addObject().put("name", ROLLOUT_ENV).put("value", "0");
    // Explicit, though the launcher's default is now the same 50: its former 75 left too little
    // room for the JIT's code and GraalPy's native memory (a serving pod was OOM-killed at 2Gi
    // under load).
    env.addObject().put("name", "KUBEWSGI_JAVA_OPTS").put("value", sizing.javaOptions());
    // First of the import scripts, so that BrokenScriptE2E's pod fails as soon as its interpreter
    // has started, not after the example's import script (minutes on a loaded node).
    spec.withArray("importScripts")
        .insertObject(0)
        .put("name", MARKER_SCRIPT)
        .put("source", markerScript(0));
    ObjectNode rollout = spec.putObject("rollout");
    rollout.put("maxSurge", sizing.maxSurge());
    rollout.put("minReadySeconds", sizing.minReadySeconds());
    // The example's 600 s start-up budget is ample on an idle machine (~1-2 min to Ready); on a
    // contended one a pod's import and warm-up can take longer, and a probe kill starts it over.
    spec.withObjectProperty("lifecycle")
        .put("startupTimeoutSeconds", sizing.startupTimeoutSeconds());
    scaleWarmup(spec, sizing.warmupScale());
    if (sizing.warmupTimeoutSeconds() > 0) {
      spec.withObjectProperty("warmup").put("timeoutSeconds", sizing.warmupTimeoutSeconds());
    }
    ObjectNode resources = spec.putObject("resources");
    resources
        .putObject("requests")
        .put("cpu", sizing.cpuRequest())
        .put("memory", sizing.memoryRequest());
    resources.putObject("limits").put("memory", sizing.memoryLimit());
    return wpg;
  }

  /**
   * Multiplies every warm-up request count of the example, the default 1,000 where it declares none
   * (1 keeps them; the report records the counts run).
   */
  private static void scaleWarmup(ObjectNode spec, double scale) {
    if (scale == 1.0) {
      return;
    }
    for (JsonNode request : spec.path("warmup").path("requests")) {
      int count = request.path("count").asInt(1000); // the API's default count
      ((ObjectNode) request).put("count", Math.max(1, (int) Math.round(count * scale)));
    }
  }

  /** The inline import script: a module global per rollout, so each content differs. */
  public static String markerScript(int rollout) {
    return "# e2e: changed by each content rollout\nimport os\nE2E_MARK = " + rollout + "\n";
  }

  /** A script that raises on line 3. */
  public static String brokenScript() {
    return "# e2e: broken on purpose\nimport os\nraise RuntimeError('e2e: this import script is broken on purpose')\n";
  }

  public void apply(JsonNode manifest) {
    cluster.ensureNamespace();
    cluster.cli().kubectlWithInput(manifest.toString(), "apply", "-f", "-").orThrow();
  }

  /** A JSON merge patch of the resource, as {@code kubectl patch --type merge} sends it. */
  public void patch(String mergePatch) {
    cluster
        .cli()
        .kubectl(
            "-n", namespace, "patch", "wsgiprocessgroup", NAME, "--type", "merge", "-p", mergePatch)
        .orThrow();
  }

  /**
   * Replaces the spec's inline marker script source (JSON merge patch cannot address a list item).
   */
  public void setMarkerSource(String source) {
    JsonNode spec = resource().get("spec");
    ArrayNode scripts = ((ObjectNode) spec).withArray("importScripts");
    boolean found = false;
    for (JsonNode s : scripts) {
      if (MARKER_SCRIPT.equals(s.path("name").asText())) {
        ((ObjectNode) s).put("source", source);
        found = true;
      }
    }
    if (!found) {
      throw new IllegalStateException("no import script named " + MARKER_SCRIPT);
    }
    ObjectNode patch = JSON.createObjectNode();
    patch.putObject("spec").set("importScripts", scripts);
    patch(patch.toString());
  }

  public void setEnv(String name, String value) {
    ArrayNode env = ((ObjectNode) resource().get("spec")).withArray("env");
    for (JsonNode e : env) {
      if (name.equals(e.path("name").asText())) {
        ((ObjectNode) e).put("value", value);
      }
    }
    ObjectNode patch = JSON.createObjectNode();
    patch.putObject("spec").set("env", env);
    patch(patch.toString());
  }

  public void setPodAnnotation(String key, String value) {
    ObjectNode patch = JSON.createObjectNode();
    patch.putObject("spec").putObject("podAnnotations").put(key, value);
    patch(patch.toString());
  }

  /** The resource as the API server has it, or null. */
  public JsonNode resource() {
    GenericKubernetesResource r =
        cluster
            .client()
            .genericKubernetesResources(WPG)
            .inNamespace(namespace)
            .withName(NAME)
            .get();
    return r == null ? null : JSON.valueToTree(r);
  }

  public boolean exists() {
    return resource() != null;
  }

  /** A status condition by type, or a missing node. */
  public JsonNode condition(String type) {
    JsonNode r = resource();
    if (r == null) {
      return JSON.missingNode();
    }
    for (JsonNode c : r.path("status").path("conditions")) {
      if (type.equals(c.path("type").asText())) {
        return c;
      }
    }
    return JSON.missingNode();
  }

  /** Ready True for the current generation. */
  public boolean ready() {
    JsonNode r = resource();
    if (r == null) {
      return false;
    }
    long generation = r.path("metadata").path("generation").asLong();
    long observed = r.path("status").path("observedGeneration").asLong(-1);
    return observed >= generation && "True".equals(condition("Ready").path("status").asText());
  }

  public Deployment deployment() {
    return cluster.client().apps().deployments().inNamespace(namespace).withName(NAME).get();
  }

  /**
   * What {@code kubectl rollout status} checks: every pod updated and available, no old ones left.
   */
  public boolean rolloutComplete() {
    Deployment d = deployment();
    if (d == null || d.getStatus() == null) {
      return false;
    }
    DeploymentStatus s = d.getStatus();
    int want = d.getSpec().getReplicas();
    return s.getObservedGeneration() != null
        && s.getObservedGeneration() >= d.getMetadata().getGeneration()
        && n(s.getUpdatedReplicas()) == want
        && n(s.getReplicas()) == want
        && n(s.getAvailableReplicas()) == want;
  }

  private static int n(Integer i) {
    return i == null ? 0 : i;
  }

  public InetSocketAddress serviceAddress() {
    Service s = cluster.client().services().inNamespace(namespace).withName(NAME).get();
    if (s == null) {
      throw new IllegalStateException("no Service " + namespace + "/" + NAME);
    }
    return new InetSocketAddress(
        s.getSpec().getClusterIP(), s.getSpec().getPorts().get(0).getPort());
  }

  public List<Pod> pods() {
    return cluster
        .client()
        .pods()
        .inNamespace(namespace)
        .withLabel(PROCESS_GROUP_LABEL, NAME)
        .list()
        .getItems();
  }

  public List<Pod> readyPods() {
    return pods().stream()
        .filter(p -> p.getMetadata().getDeletionTimestamp() == null && PodTracker.isReady(p))
        .toList();
  }

  public PodTracker track() {
    return new PodTracker(cluster, namespace, NAME);
  }

  /** The runtime's admin port: /status, /healthz. */
  public static final int ADMIN_PORT = 8081;

  /** A pod's runtime {@code /status}, from its admin port. */
  public static JsonNode runtimeStatus(Pod pod) throws IOException {
    try (HttpConnection c =
        HttpConnection.open(
            new InetSocketAddress(pod.getStatus().getPodIP(), ADMIN_PORT),
            Duration.ofSeconds(3),
            Duration.ofSeconds(10))) {
      return JSON.readTree(c.get("/status", true).bodyText());
    }
  }
}
