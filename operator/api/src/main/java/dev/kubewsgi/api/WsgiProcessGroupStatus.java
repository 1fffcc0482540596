package dev.kubewsgi.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import dev.kubewsgi.api.status.Phase;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.model.annotation.LabelSelector;
import io.fabric8.kubernetes.model.annotation.StatusReplicas;
import java.util.ArrayList;
import java.util.List;

/** The observed state of a process group, in Kubernetes conventions. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class WsgiProcessGroupStatus {

  @JsonPropertyDescription("The generation of the spec this status describes.")
  private Long observedGeneration;

  @JsonPropertyDescription("Pods that exist for this process group.")
  @StatusReplicas
  private Integer replicas;

  @JsonPropertyDescription("Pods that are Ready: every interpreter started, preloaded and warm.")
  private Integer readyReplicas;

  @JsonPropertyDescription("Pods that run the current spec.")
  private Integer updatedReplicas;

  @JsonPropertyDescription("Label selector of the pods, for the scale subresource.")
  @LabelSelector
  private String selector;

  @JsonPropertyDescription("Summary: Pending, Progressing, Ready or Degraded.")
  private Phase phase;

  @JsonPropertyDescription(
      "Ready (every pod Ready: started, preloaded and warm; reason ReadyWithoutWarmup when warm-up"
          + " is off), Progressing (a rollout is under way or stalled) and Degraded (reason and"
          + " message say what failed: ImportScriptFailed, ApplicationLoadFailed, InitContainerFailed,"
          + " WarmupFailed, StartupTimeout, CrashLoopBackOff, ImagePullFailed, RolloutStalled, ...).")
  private List<Condition> conditions = new ArrayList<>();

  public Long getObservedGeneration() {
    return observedGeneration;
  }

  public void setObservedGeneration(Long observedGeneration) {
    this.observedGeneration = observedGeneration;
  }

  public Integer getReplicas() {
    return replicas;
  }

  public void setReplicas(Integer replicas) {
    this.replicas = replicas;
  }

  public Integer getReadyReplicas() {
    return readyReplicas;
  }

  public void setReadyReplicas(Integer readyReplicas) {
    this.readyReplicas = readyReplicas;
  }

  public Integer getUpdatedReplicas() {
    return updatedReplicas;
  }

  public void setUpdatedReplicas(Integer updatedReplicas) {
    this.updatedReplicas = updatedReplicas;
  }

  public String getSelector() {
    return selector;
  }

  public void setSelector(String selector) {
    this.selector = selector;
  }

  public Phase getPhase() {
    return phase;
  }

  public void setPhase(Phase phase) {
    this.phase = phase;
  }

  public List<Condition> getConditions() {
    return conditions;
  }

  public void setConditions(List<Condition> conditions) {
    this.conditions = conditions;
  }
}
