package dev.kubewsgi.api.spec;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvFromSource;
import io.fabric8.kubernetes.api.model.TopologySpreadConstraint;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import java.util.List;

/**
 * What a user may add to the rendered pods, merged under the operator's own settings: the
 * operator's volumes, mounts, containers, ports, probes, labels and security context cannot be
 * replaced, and a clash is refused naming the field.
 */
@ValidationRule(
    value = "!has(self.volumes) || self.volumes.all(v, !(v.name in " + PodTemplate.VOLUMES + "))",
    fieldPath = ".volumes",
    message = PodTemplate.VOLUME_RULE)
@ValidationRule(
    value =
        "!has(self.volumeMounts) || self.volumeMounts.all(m, !(m.mountPath in "
            + PodTemplate.MOUNT_PATHS
            + "))",
    fieldPath = ".volumeMounts",
    message = PodTemplate.MOUNT_PATH_RULE)
@ValidationRule(
    value =
        "!has(self.containers) || self.containers.all(c, !(c.name in "
            + PodTemplate.CONTAINERS
            + "))",
    fieldPath = ".containers",
    message = PodTemplate.CONTAINER_NAME_RULE)
@ValidationRule(
    value =
        "!has(self.initContainers) || self.initContainers.all(c, !(c.name in "
            + PodTemplate.CONTAINERS
            + "))",
    fieldPath = ".initContainers",
    message = PodTemplate.CONTAINER_NAME_RULE)
@ValidationRule(
    value = "!has(self.containers) || self.containers.all(c, " + PodTemplate.RESTRICTED + ")",
    fieldPath = ".containers",
    message = PodTemplate.RESTRICTED_RULE)
@ValidationRule(
    value =
        "!has(self.initContainers) || self.initContainers.all(c, " + PodTemplate.RESTRICTED + ")",
    fieldPath = ".initContainers",
    message = PodTemplate.RESTRICTED_RULE)
@JsonInclude(JsonInclude.Include.NON_NULL)
public class PodTemplate {

  // What the operator owns in every pod; CEL lists, so the rules and SpecValidator agree. Mount
  // paths are compared whole: a prefix test on an unbounded string is over the CEL cost budget.
  static final String VOLUMES = "['config', 'cache', 'tmp']";
  static final String MOUNT_PATHS = "['/etc/kubewsgi', '/var/cache/kubewsgi', '/tmp']";
  static final String CONTAINERS = "['runtime']";

  /** Volume names of the operator's own. */
  public static final List<String> OWN_VOLUMES = List.of("config", "cache", "tmp");

  /** Mount paths of the operator's own in the runtime container. */
  public static final List<String> OWN_MOUNT_PATHS =
      List.of("/etc/kubewsgi", "/var/cache/kubewsgi", "/tmp");

  /** Container names of the operator's own. */
  public static final List<String> OWN_CONTAINERS = List.of("runtime");

  /** Ports of the runtime container, which no other container may take. */
  public static final List<Integer> OWN_PORTS = List.of(8080, 8081);

  // A container the restricted Pod Security Standard admits: the user's containers may not ask
  // for more than the operator's own (unset fields get the restricted defaults when rendered).
  static final String RESTRICTED =
      "!has(c.securityContext) || ("
          + "!(has(c.securityContext.privileged) && c.securityContext.privileged)"
          + " && !(has(c.securityContext.allowPrivilegeEscalation)"
          + " && c.securityContext.allowPrivilegeEscalation)"
          + " && !(has(c.securityContext.runAsNonRoot) && !c.securityContext.runAsNonRoot)"
          + " && !(has(c.securityContext.runAsUser) && c.securityContext.runAsUser == 0)"
          + " && !(has(c.securityContext.capabilities) && has(c.securityContext.capabilities.add))"
          + " && !(has(c.securityContext.seccompProfile)"
          + " && c.securityContext.seccompProfile.type == 'Unconfined'))";

  public static final String VOLUME_RULE =
      "volumes config, cache and tmp are the operator's own: give yours another name";
  public static final String MOUNT_PATH_RULE =
      "/etc/kubewsgi, /var/cache/kubewsgi and /tmp are the operator's own mounts: mount elsewhere";
  // Checked by SpecValidator and when rendering: comparing every mount's name with every
  // volume's (unbounded strings) is over the CEL cost budget.
  public static final String MOUNT_VOLUME_RULE =
      "each volumeMount must name a volume of podTemplate.volumes";
  public static final String CONTAINER_NAME_RULE =
      "container runtime is the operator's own: give yours another name";
  public static final String UNIQUE_NAME_RULE =
      "names a container twice: init containers and containers share one name space";
  public static final String RESTRICTED_RULE =
      "containers run under the restricted Pod Security Standard: privileged,"
          + " allowPrivilegeEscalation, runAsNonRoot: false, runAsUser: 0, added capabilities and an"
          + " Unconfined seccomp profile are refused";
  // Checked by SpecValidator and when rendering, not by CEL: Container.ports has no maxItems, so a
  // rule over every port of every container exceeds the API server's cost budget.
  public static final String PORT_RULE =
      "ports 8080 and 8081 and the names http and admin are the runtime's own, and hostPort is"
          + " refused: pick other ports";

  @JsonPropertyDescription("Labels and annotations added to the pods.")
  private PodMetadataSpec metadata;

  @JsonPropertyDescription(
      "User and group ids of the pods, within the restricted Pod Security Standard: runAsNonRoot"
          + " and the RuntimeDefault seccomp profile stay. Default: 10001 for all three.")
  private PodSecuritySpec securityContext;

  @JsonPropertyDescription(
      "Volumes added to the pods. config, cache and tmp are the operator's own names.")
  @Size(max = 32)
  private List<Volume> volumes;

  @JsonPropertyDescription(
      "Mounts added to the runtime container and to its check init container, each naming one of"
          + " volumes. /etc/kubewsgi, /var/cache/kubewsgi and /tmp are the operator's own.")
  @Size(max = 32)
  private List<VolumeMount> volumeMounts;

  @JsonPropertyDescription(
      "Secrets and ConfigMaps whose keys become environment variables of the runtime container"
          + " and its check init container. spec.env wins over them.")
  @Size(max = 16)
  private List<EnvFromSource> envFrom;

  @JsonPropertyDescription(
      "Init containers run, in order, before the operator's check container (one with"
          + " restartPolicy: Always is a native sidecar). Unset securityContext fields get the"
          + " restricted defaults; asking for privilege is refused.")
  @Size(max = 8)
  private List<Container> initContainers;

  @JsonPropertyDescription(
      "Sidecar containers run beside the runtime container. Unset securityContext fields get the"
          + " restricted defaults; asking for privilege is refused; ports 8080 and 8081 are the"
          + " runtime's.")
  @Size(max = 8)
  private List<Container> containers;

  @JsonPropertyDescription(
      "How the pods spread across zones or nodes. A constraint without a labelSelector selects"
          + " this process group's pods.")
  @Size(max = 8)
  private List<TopologySpreadConstraint> topologySpreadConstraints;

  @JsonPropertyDescription("PriorityClass of the pods.")
  private String priorityClassName;

  public PodMetadataSpec getMetadata() {
    return metadata;
  }

  public void setMetadata(PodMetadataSpec metadata) {
    this.metadata = metadata;
  }

  public PodSecuritySpec getSecurityContext() {
    return securityContext;
  }

  public void setSecurityContext(PodSecuritySpec securityContext) {
    this.securityContext = securityContext;
  }

  public List<Volume> getVolumes() {
    return volumes;
  }

  public void setVolumes(List<Volume> volumes) {
    this.volumes = volumes;
  }

  public List<VolumeMount> getVolumeMounts() {
    return volumeMounts;
  }

  public void setVolumeMounts(List<VolumeMount> volumeMounts) {
    this.volumeMounts = volumeMounts;
  }

  public List<EnvFromSource> getEnvFrom() {
    return envFrom;
  }

  public void setEnvFrom(List<EnvFromSource> envFrom) {
    this.envFrom = envFrom;
  }

  public List<Container> getInitContainers() {
    return initContainers;
  }

  public void setInitContainers(List<Container> initContainers) {
    this.initContainers = initContainers;
  }

  public List<Container> getContainers() {
    return containers;
  }

  public void setContainers(List<Container> containers) {
    this.containers = containers;
  }

  public List<TopologySpreadConstraint> getTopologySpreadConstraints() {
    return topologySpreadConstraints;
  }

  public void setTopologySpreadConstraints(
      List<TopologySpreadConstraint> topologySpreadConstraints) {
    this.topologySpreadConstraints = topologySpreadConstraints;
  }

  public String getPriorityClassName() {
    return priorityClassName;
  }

  public void setPriorityClassName(String priorityClassName) {
    this.priorityClassName = priorityClassName;
  }
}
