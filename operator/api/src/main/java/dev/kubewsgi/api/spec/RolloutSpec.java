package dev.kubewsgi.api.spec;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.ValidationRule;
import io.fabric8.kubernetes.api.model.IntOrString;

/**
 * How pods are replaced during a rolling update. maxUnavailable is always 0: an old pod leaves only
 * after a new one is Ready.
 */
@ValidationRule(
    value =
        "!has(self.maxSurge) || (type(self.maxSurge) == int ? self.maxSurge > 0"
            + " : self.maxSurge.matches('^[0-9]+%$') && self.maxSurge != '0%')",
    fieldPath = ".maxSurge",
    message = RolloutSpec.MAX_SURGE_RULE)
@ValidationRule(
    value =
        "!has(self.minReadySeconds) || !has(self.progressDeadlineSeconds)"
            + " || self.progressDeadlineSeconds > self.minReadySeconds",
    fieldPath = ".progressDeadlineSeconds",
    message = RolloutSpec.PROGRESS_DEADLINE_RULE)
@JsonInclude(JsonInclude.Include.NON_NULL)
public class RolloutSpec {

  // The CEL rules' messages, shared with SpecValidator's Java checks of the same rules.
  public static final String MAX_SURGE_RULE =
      "maxSurge must be a positive number or percentage such as 1 or 25%: maxUnavailable is"
          + " always 0, so a rollout needs a surge pod";
  public static final String PROGRESS_DEADLINE_RULE =
      "progressDeadlineSeconds must be greater than minReadySeconds";

  @JsonPropertyDescription(
      "Pods created above the desired count during a rollout, a number or a percentage. Default: "
          + "1.")
  private IntOrString maxSurge;

  @JsonPropertyDescription("Seconds a new pod must stay Ready before it counts as available.")
  @Default("0")
  @Min(0)
  private Integer minReadySeconds = 0;

  @JsonPropertyDescription(
      "Seconds after which a rollout without progress is reported as stalled (Degraded).")
  @Default("600")
  @Min(1)
  private Integer progressDeadlineSeconds = 600;

  public IntOrString getMaxSurge() {
    return maxSurge;
  }

  public void setMaxSurge(IntOrString maxSurge) {
    this.maxSurge = maxSurge;
  }

  public Integer getMinReadySeconds() {
    return minReadySeconds;
  }

  public void setMinReadySeconds(Integer minReadySeconds) {
    this.minReadySeconds = minReadySeconds;
  }

  public Integer getProgressDeadlineSeconds() {
    return progressDeadlineSeconds;
  }

  public void setProgressDeadlineSeconds(Integer progressDeadlineSeconds) {
    this.progressDeadlineSeconds = progressDeadlineSeconds;
  }
}
