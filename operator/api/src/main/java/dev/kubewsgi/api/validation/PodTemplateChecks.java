package dev.kubewsgi.api.validation;

import dev.kubewsgi.api.spec.PodMetadataSpec;
import dev.kubewsgi.api.spec.PodSecuritySpec;
import dev.kubewsgi.api.spec.PodTemplate;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.SecurityContext;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/** The CEL rules of {@link PodTemplate} and the classes under it, in Java. */
final class PodTemplateChecks {

  private static final String PATH = "spec.podTemplate";

  private PodTemplateChecks() {}

  static void check(PodTemplate template, List<SpecError> errors) {
    if (template == null) {
      return;
    }
    checkMetadata(template.getMetadata(), errors);
    checkSecurity(template.getSecurityContext(), errors);
    List<Volume> volumes = orEmpty(template.getVolumes());
    for (int i = 0; i < volumes.size(); i++) {
      if (PodTemplate.OWN_VOLUMES.contains(volumes.get(i).getName())) {
        errors.add(
            new SpecError(
                PATH + ".volumes[" + i + "].name",
                "\"" + volumes.get(i).getName() + "\": " + PodTemplate.VOLUME_RULE));
      }
    }
    Set<String> names = volumes.stream().map(Volume::getName).collect(Collectors.toSet());
    List<VolumeMount> mounts = orEmpty(template.getVolumeMounts());
    for (int i = 0; i < mounts.size(); i++) {
      VolumeMount mount = mounts.get(i);
      String path = mount.getMountPath() == null ? "" : mount.getMountPath();
      if (PodTemplate.OWN_MOUNT_PATHS.contains(path)) {
        errors.add(
            new SpecError(
                PATH + ".volumeMounts[" + i + "].mountPath",
                "\"" + path + "\": " + PodTemplate.MOUNT_PATH_RULE));
      }
      if (!names.contains(mount.getName())) {
        errors.add(
            new SpecError(
                PATH + ".volumeMounts[" + i + "].name",
                "\"" + mount.getName() + "\": " + PodTemplate.MOUNT_VOLUME_RULE));
      }
    }
    checkContainers(PATH + ".initContainers", template.getInitContainers(), errors);
    checkContainers(PATH + ".containers", template.getContainers(), errors);
    checkUniqueNames(template, errors);
  }

  /**
   * A pod's init containers and containers share one name space; the API server refuses a clash.
   */
  private static void checkUniqueNames(PodTemplate template, List<SpecError> errors) {
    Set<String> seen = new HashSet<>();
    String[] paths = {PATH + ".initContainers", PATH + ".containers"};
    List<List<Container>> lists =
        List.of(orEmpty(template.getInitContainers()), orEmpty(template.getContainers()));
    for (int l = 0; l < lists.size(); l++) {
      for (int i = 0; i < lists.get(l).size(); i++) {
        String name = lists.get(l).get(i).getName();
        if (name != null && !seen.add(name)) {
          errors.add(
              new SpecError(
                  paths[l] + "[" + i + "].name",
                  "\"" + name + "\": " + PodTemplate.UNIQUE_NAME_RULE));
        }
      }
    }
  }

  private static void checkMetadata(PodMetadataSpec metadata, List<SpecError> errors) {
    if (metadata == null) {
      return;
    }
    for (String key : orEmpty(metadata.getLabels()).keySet()) {
      if (key.startsWith(PodMetadataSpec.OWN_PREFIX) || PodMetadataSpec.OWN_LABELS.contains(key)) {
        errors.add(
            new SpecError(
                PATH + ".metadata.labels", "\"" + key + "\": " + PodMetadataSpec.LABEL_RULE));
      }
    }
    for (String key : orEmpty(metadata.getAnnotations()).keySet()) {
      if (key.startsWith(PodMetadataSpec.OWN_PREFIX)
          || key.equals(PodMetadataSpec.DEFAULT_CONTAINER_ANNOTATION)) {
        errors.add(
            new SpecError(
                PATH + ".metadata.annotations",
                "\"" + key + "\": " + PodMetadataSpec.ANNOTATION_RULE));
      }
    }
  }

  private static void checkSecurity(PodSecuritySpec security, List<SpecError> errors) {
    if (security != null && Long.valueOf(0).equals(security.getRunAsUser())) {
      errors.add(new SpecError(PATH + ".securityContext.runAsUser", PodSecuritySpec.ROOT_RULE));
    }
  }

  private static void checkContainers(
      String path, List<Container> containers, List<SpecError> errors) {
    containers = orEmpty(containers);
    for (int i = 0; i < containers.size(); i++) {
      Container c = containers.get(i);
      String at = path + "[" + i + "]";
      if (PodTemplate.OWN_CONTAINERS.contains(c.getName())) {
        errors.add(
            new SpecError(
                at + ".name", "\"" + c.getName() + "\": " + PodTemplate.CONTAINER_NAME_RULE));
      }
      if (!isRestricted(c.getSecurityContext())) {
        errors.add(new SpecError(at + ".securityContext", PodTemplate.RESTRICTED_RULE));
      }
      List<ContainerPort> ports = orEmpty(c.getPorts());
      for (int j = 0; j < ports.size(); j++) {
        ContainerPort p = ports.get(j);
        if (PodTemplate.OWN_PORTS.contains(p.getContainerPort())
            || "http".equals(p.getName())
            || "admin".equals(p.getName())
            || p.getHostPort() != null) {
          errors.add(new SpecError(at + ".ports[" + j + "]", PodTemplate.PORT_RULE));
        }
      }
    }
  }

  private static boolean isRestricted(SecurityContext sc) {
    return sc == null
        || !(Boolean.TRUE.equals(sc.getPrivileged())
            || Boolean.TRUE.equals(sc.getAllowPrivilegeEscalation())
            || Boolean.FALSE.equals(sc.getRunAsNonRoot())
            || Long.valueOf(0).equals(sc.getRunAsUser())
            // The model gives an absent list as empty: only a capability named is added.
            || (sc.getCapabilities() != null && !orEmpty(sc.getCapabilities().getAdd()).isEmpty())
            || (sc.getSeccompProfile() != null
                && "Unconfined".equals(sc.getSeccompProfile().getType())));
  }

  private static <T> List<T> orEmpty(List<T> list) {
    return list == null ? List.of() : list;
  }

  private static <K, V> Map<K, V> orEmpty(Map<K, V> map) {
    return map == null ? Map.of() : map;
  }
}
