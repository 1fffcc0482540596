package dev.kubewsgi.operator.render;

import dev.kubewsgi.api.WsgiProcessGroup;
import dev.kubewsgi.api.spec.PodTemplate;
import dev.kubewsgi.api.validation.SpecError;
import dev.kubewsgi.api.validation.SpecValidator;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.EnvFromSource;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.PodTemplateSpecBuilder;
import io.fabric8.kubernetes.api.model.SecurityContextBuilder;
import io.fabric8.kubernetes.api.model.TopologySpreadConstraint;
import io.fabric8.kubernetes.api.model.TopologySpreadConstraintBuilder;
import io.fabric8.kubernetes.api.model.VolumeMount;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Merges a group's {@code spec.podTemplate} under the pod the operator rendered: the user's items
 * are added, the operator's are never replaced (a clash is a {@link RenderException} naming the
 * field, which the CRD's rules refuse earlier), and the user's containers get the restricted
 * security context wherever they leave a field unset.
 */
final class PodTemplateMerger {

  private static final String PATH = "spec.podTemplate";

  private PodTemplateMerger() {}

  /** The operator's pod with the user's additions; neither argument is changed. */
  static PodTemplateSpec merge(WsgiProcessGroup group, PodTemplateSpec own) {
    PodTemplate user = group.getSpec().getPodTemplate();
    if (user == null) {
      return own;
    }
    refuseInvalid(group);
    PodTemplateSpec pod = new PodTemplateSpecBuilder(own).build(); // a deep copy
    if (user.getMetadata() != null) {
      pod.getMetadata()
          .setLabels(
              under(
                  pod.getMetadata().getLabels(),
                  user.getMetadata().getLabels(),
                  PATH + ".metadata.labels"));
      pod.getMetadata()
          .setAnnotations(
              under(
                  pod.getMetadata().getAnnotations(),
                  user.getMetadata().getAnnotations(),
                  PATH + ".metadata.annotations"));
    }
    PodSpec spec = pod.getSpec();
    spec.setVolumes(
        beside(spec.getVolumes(), user.getVolumes(), v -> v.getName(), PATH + ".volumes"));
    for (Container c : spec.getContainers()) {
      addToOwnContainer(c, user);
    }
    spec.setInitContainers(
        beside(
            spec.getInitContainers(),
            restricted(user.getInitContainers()),
            Container::getName,
            PATH + ".initContainers"));
    spec.setContainers(
        beside(
            spec.getContainers(),
            restricted(user.getContainers()),
            Container::getName,
            PATH + ".containers"));
    spec.setTopologySpreadConstraints(spread(group, user.getTopologySpreadConstraints()));
    spec.setPriorityClassName(user.getPriorityClassName());
    return pod;
  }

  // The operator's runtime container sees the extra mounts and envFrom.
  private static void addToOwnContainer(Container c, PodTemplate user) {
    c.setVolumeMounts(
        beside(
            c.getVolumeMounts(),
            user.getVolumeMounts(),
            VolumeMount::getMountPath,
            PATH + ".volumeMounts"));
    if (user.getEnvFrom() != null) {
      List<EnvFromSource> envFrom = new ArrayList<>(orEmpty(c.getEnvFrom()));
      envFrom.addAll(user.getEnvFrom());
      c.setEnvFrom(envFrom);
    }
  }

  // Some rules on the podTemplate are over the CRD's CEL cost budget (unbounded lists), so the API
  // server admits what breaks them; SpecValidator checks them in Java, and the first one stops
  // rendering, naming its field.
  private static void refuseInvalid(WsgiProcessGroup group) {
    for (SpecError e : new SpecValidator().validate(group.getSpec())) {
      if (e.field().startsWith(PATH)) {
        throw new RenderException(e.field(), e.message());
      }
    }
  }

  /** Unset security fields of the user's containers get what the restricted profile demands. */
  static List<Container> restricted(List<Container> containers) {
    List<Container> result = new ArrayList<>();
    for (Container c : orEmpty(containers)) {
      SecurityContextBuilder sc =
          c.getSecurityContext() == null
              ? new SecurityContextBuilder()
              : new SecurityContextBuilder(c.getSecurityContext());
      if (c.getSecurityContext() == null || c.getSecurityContext().getRunAsNonRoot() == null) {
        sc.withRunAsNonRoot(true);
      }
      if (c.getSecurityContext() == null
          || c.getSecurityContext().getAllowPrivilegeEscalation() == null) {
        sc.withAllowPrivilegeEscalation(false);
      }
      if (!sc.hasCapabilities() || sc.buildCapabilities().getDrop() == null) {
        sc.editOrNewCapabilities().withDrop("ALL").endCapabilities();
      }
      if (!sc.hasSeccompProfile()) {
        sc.withNewSeccompProfile().withType("RuntimeDefault").endSeccompProfile();
      }
      result.add(new ContainerBuilder(c).withSecurityContext(sc.build()).build());
    }
    return result;
  }

  // A constraint without a selector would count no pods; the group's own is what users mean.
  private static List<TopologySpreadConstraint> spread(
      WsgiProcessGroup group, List<TopologySpreadConstraint> constraints) {
    if (constraints == null) {
      return null;
    }
    return constraints.stream()
        .map(
            t ->
                t.getLabelSelector() != null
                    ? t
                    : new TopologySpreadConstraintBuilder(t)
                        .withNewLabelSelector()
                        .withMatchLabels(ResourceNames.selectorLabels(group))
                        .endLabelSelector()
                        .build())
        .toList();
  }

  private static Map<String, String> under(
      Map<String, String> own, Map<String, String> extra, String field) {
    Map<String, String> merged = new LinkedHashMap<>(orEmpty(extra));
    for (Map.Entry<String, String> e : orEmpty(own).entrySet()) {
      if (merged.containsKey(e.getKey())) {
        throw new RenderException(field, "\"" + e.getKey() + "\" is the operator's own");
      }
      merged.put(e.getKey(), e.getValue());
    }
    return merged;
  }

  private static <T> List<T> beside(
      List<T> own, List<T> extra, Function<T, String> key, String field) {
    List<T> merged = new ArrayList<>(orEmpty(own));
    for (T item : orEmpty(extra)) {
      String k = key.apply(item);
      if (merged.stream().anyMatch(o -> key.apply(o).equals(k))) {
        throw new RenderException(field, "\"" + k + "\" is the operator's own or given twice");
      }
      merged.add(item);
    }
    return merged;
  }

  private static <T> List<T> orEmpty(List<T> list) {
    return list == null ? List.of() : list;
  }

  private static <K, V> Map<K, V> orEmpty(Map<K, V> map) {
    return map == null ? Map.of() : map;
  }
}
