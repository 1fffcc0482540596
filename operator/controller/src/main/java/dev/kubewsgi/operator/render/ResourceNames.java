package dev.kubewsgi.operator.render;

import dev.kubewsgi.api.WsgiProcessGroup;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Names, labels and owner references of the objects rendered for a process group. */
public final class ResourceNames {

  /** Value of {@code app.kubernetes.io/managed-by} on everything the operator renders. */
  public static final String MANAGED_BY = "kubewsgi-operator";

  public static final String MANAGED_BY_LABEL = "app.kubernetes.io/managed-by";

  /** Label selector of every object the operator renders, for its informers. */
  public static final String MANAGED_SELECTOR = MANAGED_BY_LABEL + "=" + MANAGED_BY;

  /**
   * The one label that selects a process group's pods; never changes, as selectors are immutable.
   */
  public static final String PROCESS_GROUP_LABEL = "kubewsgi.dev/process-group";

  /** Pod template annotation: hash of the runtime configuration and every script. */
  public static final String CONFIG_HASH_ANNOTATION = "kubewsgi.dev/config-hash";

  public static final String RUNTIME_CONTAINER = "runtime";

  /** Key of the runtime document in the rendered ConfigMap. */
  public static final String CONFIG_KEY = "processgroup.yaml";

  public static final String CONFIG_DIR = "/etc/kubewsgi";
  public static final String CONFIG_PATH = CONFIG_DIR + "/" + CONFIG_KEY;

  private ResourceNames() {}

  /** The ConfigMap with the runtime document. */
  public static String configMap(WsgiProcessGroup group) {
    return group.getMetadata().getName() + "-runtime";
  }

  /** The Deployment, the Service and the PodDisruptionBudget share the process group's name. */
  public static String deployment(WsgiProcessGroup group) {
    return group.getMetadata().getName();
  }

  public static String service(WsgiProcessGroup group) {
    return group.getMetadata().getName();
  }

  public static String podDisruptionBudget(WsgiProcessGroup group) {
    return group.getMetadata().getName();
  }

  /** Labels of every rendered object and of the pods. */
  public static Map<String, String> labels(WsgiProcessGroup group) {
    Map<String, String> labels = new LinkedHashMap<>();
    labels.put("app.kubernetes.io/name", "kubewsgi");
    labels.put("app.kubernetes.io/instance", group.getMetadata().getName());
    labels.put("app.kubernetes.io/component", "wsgi-process-group");
    labels.put(MANAGED_BY_LABEL, MANAGED_BY);
    labels.putAll(selectorLabels(group));
    return labels;
  }

  /** Labels that select the process group's pods (Deployment, Service, PDB, scale subresource). */
  public static Map<String, String> selectorLabels(WsgiProcessGroup group) {
    return Map.of(PROCESS_GROUP_LABEL, group.getMetadata().getName());
  }

  /** The same selector as a string, as status.selector and {@code kubectl get -l} take it. */
  public static String selector(WsgiProcessGroup group) {
    return PROCESS_GROUP_LABEL + "=" + group.getMetadata().getName();
  }

  /**
   * Metadata of a rendered object: name, namespace, labels and, once the group exists, its owner.
   */
  public static ObjectMeta metadata(WsgiProcessGroup group, String name) {
    return new ObjectMetaBuilder()
        .withName(name)
        .withNamespace(group.getMetadata().getNamespace())
        .withLabels(labels(group))
        .withOwnerReferences(ownerReferences(group))
        .build();
  }

  // A resource read from a file has no uid yet; owner references need one.
  private static List<OwnerReference> ownerReferences(WsgiProcessGroup group) {
    String uid = group.getMetadata().getUid();
    if (uid == null || uid.isEmpty()) {
      return List.of();
    }
    return List.of(
        new OwnerReferenceBuilder()
            .withApiVersion(WsgiProcessGroup.API_VERSION)
            .withKind(WsgiProcessGroup.KIND)
            .withName(group.getMetadata().getName())
            .withUid(uid)
            .withController(true)
            .withBlockOwnerDeletion(true)
            .build());
  }
}
