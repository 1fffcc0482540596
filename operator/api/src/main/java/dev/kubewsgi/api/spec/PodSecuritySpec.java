package dev.kubewsgi.api.spec;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.ValidationRule;

/**
 * The ids a process group's pods run as. Only the ids: runAsNonRoot, the seccomp profile and the
 * containers' restrictions stay the operator's, so the pods always meet the restricted Pod Security
 * Standard.
 */
@ValidationRule(
    value = "!has(self.runAsUser) || self.runAsUser != 0",
    fieldPath = ".runAsUser",
    message = PodSecuritySpec.ROOT_RULE)
@JsonInclude(JsonInclude.Include.NON_NULL)
public class PodSecuritySpec {

  public static final String ROOT_RULE =
      "runAsUser 0 is root, which the restricted Pod Security Standard refuses: pick a uid above"
          + " 0 that your image's files are readable by";

  @JsonPropertyDescription("User id of every container of the pods; not 0 (root). Default: 10001.")
  @Min(0)
  private Long runAsUser;

  @JsonPropertyDescription("Primary group id of every container of the pods. Default: 10001.")
  @Min(0)
  private Long runAsGroup;

  @JsonPropertyDescription(
      "Group that owns the pods' volumes, so a non-root user can write them. Default: 10001.")
  @Min(0)
  private Long fsGroup;

  public Long getRunAsUser() {
    return runAsUser;
  }

  public void setRunAsUser(Long runAsUser) {
    this.runAsUser = runAsUser;
  }

  public Long getRunAsGroup() {
    return runAsGroup;
  }

  public void setRunAsGroup(Long runAsGroup) {
    this.runAsGroup = runAsGroup;
  }

  public Long getFsGroup() {
    return fsGroup;
  }

  public void setFsGroup(Long fsGroup) {
    this.fsGroup = fsGroup;
  }
}
