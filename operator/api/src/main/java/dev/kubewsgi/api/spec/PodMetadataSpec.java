package dev.kubewsgi.api.spec;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;
import java.util.List;
import java.util.Map;

/** Labels and annotations a user adds to the pods; the operator's own keys are refused. */
@ValidationRule(
    value =
        "!has(self.labels) || self.labels.all(k, !k.startsWith('kubewsgi.dev/') && !(k in "
            + PodMetadataSpec.LABELS
            + "))",
    fieldPath = ".labels",
    message = PodMetadataSpec.LABEL_RULE)
@ValidationRule(
    value =
        "!has(self.annotations) || self.annotations.all(k, !k.startsWith('kubewsgi.dev/')"
            + " && k != 'kubectl.kubernetes.io/default-container')",
    fieldPath = ".annotations",
    message = PodMetadataSpec.ANNOTATION_RULE)
@JsonInclude(JsonInclude.Include.NON_NULL)
public class PodMetadataSpec {

  static final String LABELS =
      "['app.kubernetes.io/name', 'app.kubernetes.io/instance', 'app.kubernetes.io/component',"
          + " 'app.kubernetes.io/managed-by']";

  /** Label keys the operator sets on every pod (besides the kubewsgi.dev/ prefix). */
  public static final List<String> OWN_LABELS =
      List.of(
          "app.kubernetes.io/name",
          "app.kubernetes.io/instance",
          "app.kubernetes.io/component",
          "app.kubernetes.io/managed-by");

  /** Prefix of the keys the operator keeps for itself (selector, config hash). */
  public static final String OWN_PREFIX = "kubewsgi.dev/";

  public static final String DEFAULT_CONTAINER_ANNOTATION =
      "kubectl.kubernetes.io/default-container";

  public static final String LABEL_RULE =
      "labels app.kubernetes.io/name, instance, component, managed-by and kubewsgi.dev/* are the"
          + " operator's own: the selector and the tools depend on them";
  public static final String ANNOTATION_RULE =
      "annotations kubewsgi.dev/* and kubectl.kubernetes.io/default-container are the operator's"
          + " own";

  @JsonPropertyDescription("Labels added to the pods, for example for a cost centre or a mesh.")
  @Size(max = 64)
  private Map<String, String> labels;

  @JsonPropertyDescription("Annotations added to the pods, beside spec.podAnnotations.")
  @Size(max = 64)
  private Map<String, String> annotations;

  public Map<String, String> getLabels() {
    return labels;
  }

  public void setLabels(Map<String, String> labels) {
    this.labels = labels;
  }

  public Map<String, String> getAnnotations() {
    return annotations;
  }

  public void setAnnotations(Map<String, String> annotations) {
    this.annotations = annotations;
  }
}
