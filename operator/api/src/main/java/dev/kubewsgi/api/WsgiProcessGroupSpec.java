package dev.kubewsgi.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import dev.kubewsgi.api.spec.AccessLogSpec;
import dev.kubewsgi.api.spec.ApplicationSpec;
import dev.kubewsgi.api.spec.ImportScriptSpec;
import dev.kubewsgi.api.spec.LifecycleSpec;
import dev.kubewsgi.api.spec.PodTemplate;
import dev.kubewsgi.api.spec.RequestLimitsSpec;
import dev.kubewsgi.api.spec.RolloutSpec;
import dev.kubewsgi.api.spec.StaticFilesSpec;
import dev.kubewsgi.api.spec.TrustedProxiesSpec;
import dev.kubewsgi.api.spec.WarmupSpec;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;
import io.fabric8.kubernetes.api.model.Affinity;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.LocalObjectReference;
import io.fabric8.kubernetes.api.model.ResourceRequirements;
import io.fabric8.kubernetes.api.model.Toleration;
import io.fabric8.kubernetes.model.annotation.SpecReplicas;
import java.util.List;
import java.util.Map;

/** The desired state of a process group: its pods, interpreters, scripts and applications. */
@ValidationRule(
    value =
        "self.applications.all(a, !has(a.mount) || self.applications.filter(b, has(b.mount)"
            + " && b.mount == a.mount).size() == 1)",
    message = "each application needs a mount of its own: two applications share a mount")
@ValidationRule(
    value =
        "!has(self.staticFiles) || self.staticFiles.all(s,"
            + " self.staticFiles.filter(t, t.mount == s.mount).size() == 1"
            + " && !self.applications.exists(a, has(a.mount) && a.mount == s.mount))",
    fieldPath = ".staticFiles",
    message = WsgiProcessGroupSpec.STATIC_MOUNT_RULE)
@ValidationRule(
    value =
        "!has(self.importScripts) || self.importScripts.all(s, !has(s.applicationGroup)"
            + " || s.applicationGroup == '%{GLOBAL}' || self.applications.exists(a,"
            + " has(a.applicationGroup) && a.applicationGroup == s.applicationGroup))",
    message = "an import script names an applicationGroup that no application uses")
@ValidationRule(
    value = "!has(self.home) || self.home.startsWith('/')",
    fieldPath = ".home",
    message = WsgiProcessGroupSpec.HOME_RULE)
@JsonInclude(JsonInclude.Include.NON_NULL)
public class WsgiProcessGroupSpec {

  /** The CEL rule's message on {@code home}, shared with SpecValidator's Java check. */
  public static final String HOME_RULE =
      "home must be an absolute path (mod_wsgi's home=), e.g. /srv/app";

  /** The CEL rule's message, shared with SpecValidator's Java check. */
  public static final String STATIC_MOUNT_RULE =
      "each staticFiles entry needs a mount of its own, not another entry's nor an application's";

  @JsonPropertyDescription(
      "Container image with the kubewsgi runtime and the application code. Default: the runtime "
          + "image the operator is configured with.")
  private String image;

  @JsonPropertyDescription(
      "Number of pods. Each pod runs every application group with its own workers.")
  @Default("1")
  @Min(0)
  @Max(1000)
  @SpecReplicas
  private Integer replicas = 1;

  @JsonPropertyDescription(
      "Interpreters per application group in each pod (mod_wsgi's processes=). Each is a GraalPy "
          + "context on the pod's shared engine; Python code runs in parallel only across workers.")
  @Default("1")
  @Min(1)
  @Max(64)
  private Integer workers = 1;

  @JsonPropertyDescription(
      "Requests each worker serves at once (mod_wsgi's threads=). Python's global interpreter "
          + "lock serializes the threads of one worker, so CPU-bound applications gain from workers, "
          + "not threads.")
  @Default("1")
  @Min(1)
  @Max(64)
  private Integer threads = 1;

  @JsonPropertyDescription(
      "Directories added to sys.path of every interpreter (mod_wsgi's python-path=). Relative "
          + "paths resolve like script paths.")
  @Size(max = 64)
  private List<String> pythonPath;

  @JsonPropertyDescription(
      "A Python virtual environment made by GraalPy whose packages the interpreters use "
          + "(mod_wsgi's python-home=).")
  private String pythonHome;

  @JsonPropertyDescription(
      "Working directory of every worker (mod_wsgi's home=): where open() and os.getcwd() of the "
          + "import scripts and applications start. An absolute path in the image or a mounted "
          + "volume. Default: the container's working directory (locally, the runtime's).")
  @Size(max = 4096)
  private String home;

  @JsonPropertyDescription("The WSGI applications served, each at its own mount.")
  @Required
  @Size(min = 1, max = 64)
  private List<ApplicationSpec> applications;

  @JsonPropertyDescription(
      "Directories of files served by the HTTP layer without Python (stylesheets, scripts, "
          + "images), zero-copy, with ETag, Last-Modified, Range and precompressed siblings.")
  @Size(max = 32)
  private List<StaticFilesSpec> staticFiles;

  @JsonPropertyDescription(
      "Scripts run, in this order, in every worker of their application group before the pod is "
          + "Ready.")
  @Size(max = 64)
  private List<ImportScriptSpec> importScripts;

  @JsonPropertyDescription(
      "Synthetic requests that warm every worker before the pod is Ready. On without this "
          + "block too: each application's mount is requested with GET until latency settles and the "
          + "JIT is quiet, bounded by lifecycle.startupTimeoutSeconds. Off only with enabled: false.")
  private WarmupSpec warmup;

  @JsonPropertyDescription("Timeouts, drain and recycling of workers.")
  private LifecycleSpec lifecycle;

  @JsonPropertyDescription("Limits on request size and client speed.")
  private RequestLimitsSpec limits;

  @JsonPropertyDescription("How pods are replaced during a rolling update.")
  private RolloutSpec rollout;

  @JsonPropertyDescription(
      "Proxies (an Ingress controller, a load balancer) whose X-Forwarded-* or Forwarded headers "
          + "say who the client is and whether it came over https. Default: loopback only.")
  private TrustedProxiesSpec trustedProxies;

  @JsonPropertyDescription(
      "One line per request on stdout, Apache's combined format by default. On without this "
          + "block; off only with enabled: false.")
  private AccessLogSpec accessLog;

  @JsonPropertyDescription("CPU and memory requests and limits of the runtime container.")
  private ResourceRequirements resources;

  @JsonPropertyDescription(
      "Environment variables of the runtime container, visible to Python through os.environ.")
  private List<EnvVar> env;

  @JsonPropertyDescription("Node labels the pods must be scheduled on.")
  private Map<String, String> nodeSelector;

  @JsonPropertyDescription("Tolerations of the pods.")
  private List<Toleration> tolerations;

  @JsonPropertyDescription("Affinity rules of the pods.")
  private Affinity affinity;

  @JsonPropertyDescription("Service account the pods run as.")
  private String serviceAccountName;

  @JsonPropertyDescription("Secrets used to pull the image.")
  private List<LocalObjectReference> imagePullSecrets;

  @JsonPropertyDescription("Annotations added to the pods.")
  private Map<String, String> podAnnotations;

  @JsonPropertyDescription(
      "What to add to the pods: volumes and mounts, envFrom, labels and annotations, init and"
          + " sidecar containers, topology spread, priority class, user and group ids. Merged under"
          + " the operator's own settings (probes, ports, readiness, security context, its volumes,"
          + " labels and containers), which it cannot replace: a clash is refused.")
  private PodTemplate podTemplate;

  public String getImage() {
    return image;
  }

  public void setImage(String image) {
    this.image = image;
  }

  public Integer getReplicas() {
    return replicas;
  }

  public void setReplicas(Integer replicas) {
    this.replicas = replicas;
  }

  public Integer getWorkers() {
    return workers;
  }

  public void setWorkers(Integer workers) {
    this.workers = workers;
  }

  public Integer getThreads() {
    return threads;
  }

  public void setThreads(Integer threads) {
    this.threads = threads;
  }

  public List<String> getPythonPath() {
    return pythonPath;
  }

  public void setPythonPath(List<String> pythonPath) {
    this.pythonPath = pythonPath;
  }

  public String getPythonHome() {
    return pythonHome;
  }

  public void setPythonHome(String pythonHome) {
    this.pythonHome = pythonHome;
  }

  public String getHome() {
    return home;
  }

  public void setHome(String home) {
    this.home = home;
  }

  public List<ApplicationSpec> getApplications() {
    return applications;
  }

  public void setApplications(List<ApplicationSpec> applications) {
    this.applications = applications;
  }

  public List<StaticFilesSpec> getStaticFiles() {
    return staticFiles;
  }

  public void setStaticFiles(List<StaticFilesSpec> staticFiles) {
    this.staticFiles = staticFiles;
  }

  public List<ImportScriptSpec> getImportScripts() {
    return importScripts;
  }

  public void setImportScripts(List<ImportScriptSpec> importScripts) {
    this.importScripts = importScripts;
  }

  public WarmupSpec getWarmup() {
    return warmup;
  }

  public void setWarmup(WarmupSpec warmup) {
    this.warmup = warmup;
  }

  public LifecycleSpec getLifecycle() {
    return lifecycle;
  }

  public void setLifecycle(LifecycleSpec lifecycle) {
    this.lifecycle = lifecycle;
  }

  public RequestLimitsSpec getLimits() {
    return limits;
  }

  public void setLimits(RequestLimitsSpec limits) {
    this.limits = limits;
  }

  public RolloutSpec getRollout() {
    return rollout;
  }

  public void setRollout(RolloutSpec rollout) {
    this.rollout = rollout;
  }

  public TrustedProxiesSpec getTrustedProxies() {
    return trustedProxies;
  }

  public void setTrustedProxies(TrustedProxiesSpec trustedProxies) {
    this.trustedProxies = trustedProxies;
  }

  public AccessLogSpec getAccessLog() {
    return accessLog;
  }

  public void setAccessLog(AccessLogSpec accessLog) {
    this.accessLog = accessLog;
  }

  public ResourceRequirements getResources() {
    return resources;
  }

  public void setResources(ResourceRequirements resources) {
    this.resources = resources;
  }

  public List<EnvVar> getEnv() {
    return env;
  }

  public void setEnv(List<EnvVar> env) {
    this.env = env;
  }

  public Map<String, String> getNodeSelector() {
    return nodeSelector;
  }

  public void setNodeSelector(Map<String, String> nodeSelector) {
    this.nodeSelector = nodeSelector;
  }

  public List<Toleration> getTolerations() {
    return tolerations;
  }

  public void setTolerations(List<Toleration> tolerations) {
    this.tolerations = tolerations;
  }

  public Affinity getAffinity() {
    return affinity;
  }

  public void setAffinity(Affinity affinity) {
    this.affinity = affinity;
  }

  public String getServiceAccountName() {
    return serviceAccountName;
  }

  public void setServiceAccountName(String serviceAccountName) {
    this.serviceAccountName = serviceAccountName;
  }

  public List<LocalObjectReference> getImagePullSecrets() {
    return imagePullSecrets;
  }

  public void setImagePullSecrets(List<LocalObjectReference> imagePullSecrets) {
    this.imagePullSecrets = imagePullSecrets;
  }

  public Map<String, String> getPodAnnotations() {
    return podAnnotations;
  }

  public void setPodAnnotations(Map<String, String> podAnnotations) {
    this.podAnnotations = podAnnotations;
  }

  public PodTemplate getPodTemplate() {
    return podTemplate;
  }

  public void setPodTemplate(PodTemplate podTemplate) {
    this.podTemplate = podTemplate;
  }
}
