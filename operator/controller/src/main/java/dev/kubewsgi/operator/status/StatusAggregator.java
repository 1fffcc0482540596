package dev.kubewsgi.operator.status;

import dev.kubewsgi.api.WsgiProcessGroup;
import dev.kubewsgi.api.WsgiProcessGroupStatus;
import dev.kubewsgi.api.status.ConditionReason;
import dev.kubewsgi.api.status.ConditionType;
import dev.kubewsgi.api.status.Phase;
import dev.kubewsgi.operator.render.ResourceNames;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.ConditionBuilder;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Builds a process group's status from its Deployment and pods: Ready, Progressing and Degraded
 * with reason, message and observedGeneration, and the phase. A condition keeps its
 * lastTransitionTime while its status stays the same.
 */
public final class StatusAggregator {

  private StatusAggregator() {}

  public static WsgiProcessGroupStatus aggregate(
      WsgiProcessGroup group,
      DeploymentState deployment,
      Optional<PodFailure> failure,
      Instant now) {
    Long generation = group.getMetadata().getGeneration();
    List<Condition> previous = previousConditions(group);
    Condition ready = ready(deployment, warmupEnabled(group));
    Condition progressing = progressing(deployment);
    Condition degraded = degraded(deployment, failure);
    Condition stalled = stalled(degraded);
    Condition reconciling = reconciling(ready, progressing, stalled);

    WsgiProcessGroupStatus status = new WsgiProcessGroupStatus();
    status.setObservedGeneration(generation);
    status.setReplicas(deployment.replicas());
    status.setReadyReplicas(deployment.readyReplicas());
    status.setUpdatedReplicas(deployment.updatedReplicas());
    status.setSelector(ResourceNames.selector(group));
    status.setConditions(
        List.of(
            stamp(ready, previous, generation, now),
            stamp(progressing, previous, generation, now),
            stamp(degraded, previous, generation, now),
            stamp(reconciling, previous, generation, now),
            stamp(stalled, previous, generation, now)));
    status.setPhase(phase(ready, progressing, degraded));
    return status;
  }

  /** The status when the operator itself failed to render or apply (retried with backoff). */
  public static WsgiProcessGroupStatus failed(
      WsgiProcessGroup group, Throwable error, Instant now) {
    return failed(group, rootMessage(error), now);
  }

  static WsgiProcessGroupStatus failed(WsgiProcessGroup group, String message, Instant now) {
    WsgiProcessGroupStatus status =
        group.getStatus() != null ? group.getStatus() : new WsgiProcessGroupStatus();
    Long generation = group.getMetadata().getGeneration();
    List<Condition> previous = previousConditions(group);
    Condition degraded =
        condition(ConditionType.DEGRADED, true, ConditionReason.RECONCILE_FAILED, message);
    List<String> replaced =
        List.of(ConditionType.DEGRADED, ConditionType.RECONCILING, ConditionType.STALLED);
    List<Condition> conditions =
        new ArrayList<>(previous.stream().filter(c -> !replaced.contains(c.getType())).toList());
    conditions.add(stamp(degraded, previous, generation, now));
    conditions.add(
        stamp(
            condition(ConditionType.RECONCILING, false, ConditionReason.AS_EXPECTED, ""),
            previous,
            generation,
            now));
    conditions.add(stamp(stalled(degraded), previous, generation, now));
    status.setConditions(conditions);
    // Every path says which generation it judged: a stale one reads as in progress to kstatus.
    status.setObservedGeneration(generation);
    status.setSelector(ResourceNames.selector(group));
    status.setPhase(Phase.Degraded);
    return status;
  }

  // Workflow errors arrive wrapped; the cause names the field (RenderException) or the API error.
  private static String rootMessage(Throwable error) {
    Throwable cause = error;
    while (cause.getCause() != null && cause.getCause() != cause) {
      cause = cause.getCause();
    }
    return cause.getMessage() != null ? cause.getMessage() : cause.toString();
  }

  private static boolean warmupEnabled(WsgiProcessGroup group) {
    return group.getSpec() == null
        || group.getSpec().getWarmup() == null
        || group.getSpec().getWarmup().enabled();
  }

  private static Condition ready(DeploymentState d, boolean warmupEnabled) {
    if (!d.exists()) {
      return condition(
          ConditionType.READY,
          false,
          ConditionReason.DEPLOYMENT_MISSING,
          "the Deployment does not exist yet");
    }
    // During a rollout old and new pods are both counted, so ready can exceed desired.
    String counts =
        d.readyReplicas() <= d.desired()
            ? d.readyReplicas() + " of " + d.desired() + " replicas ready"
            : d.readyReplicas() + " replicas ready, " + d.desired() + " desired";
    if (d.rolledOut() && !warmupEnabled) {
      return condition(
          ConditionType.READY,
          true,
          ConditionReason.READY_WITHOUT_WARMUP,
          counts
              + ", without warm-up: spec.warmup.enabled is false, so each pod's first requests meet"
              + " interpreters the JIT has not compiled");
    }
    return d.rolledOut()
        ? condition(ConditionType.READY, true, ConditionReason.ALL_REPLICAS_READY, counts)
        : condition(
            ConditionType.READY,
            false,
            ConditionReason.REPLICAS_NOT_READY,
            counts + ", " + whyNotReady(d));
  }

  // Ready pods alone do not make the group Ready: say which part of the rollout is still pending.
  private static String whyNotReady(DeploymentState d) {
    if (!d.observed()) {
      return "the Deployment controller has not yet seen the current spec";
    }
    if (d.updatedReplicas() < d.desired()) {
      return d.updatedReplicas() + " of " + d.desired() + " run the current spec";
    }
    if (d.availableReplicas() < d.desired()) {
      return d.availableReplicas()
          + " of "
          + d.desired()
          + " available (Ready for minReadySeconds)";
    }
    int old = Math.max(0, d.replicas() - d.updatedReplicas());
    return old + " old replica(s) still terminating";
  }

  private static Condition progressing(DeploymentState d) {
    if (d.progressDeadlineExceeded()) {
      return condition(
          ConditionType.PROGRESSING,
          false,
          ConditionReason.PROGRESS_DEADLINE_EXCEEDED,
          Objects.toString(d.progressMessage(), ""));
    }
    if (!d.exists() || d.rolledOut()) {
      return condition(
          ConditionType.PROGRESSING,
          false,
          ConditionReason.ROLLOUT_COMPLETE,
          d.exists() ? "every replica runs the current spec" : "nothing to roll out yet");
    }
    return condition(
        ConditionType.PROGRESSING,
        true,
        ConditionReason.ROLLOUT_IN_PROGRESS,
        d.updatedReplicas()
            + " of "
            + d.desired()
            + " replicas updated, "
            + d.availableReplicas()
            + " available, "
            + Math.max(0, d.replicas() - d.updatedReplicas())
            + " old");
  }

  private static Condition degraded(DeploymentState d, Optional<PodFailure> failure) {
    if (failure.isPresent()) {
      return condition(
          ConditionType.DEGRADED, true, failure.get().reason(), failure.get().message());
    }
    if (d.progressDeadlineExceeded()) {
      return condition(
          ConditionType.DEGRADED,
          true,
          ConditionReason.ROLLOUT_STALLED,
          "the rollout made no progress within progressDeadlineSeconds; old pods keep serving: "
              + Objects.toString(d.progressMessage(), ""));
    }
    if (d.replicaFailure() != null) {
      return condition(
          ConditionType.DEGRADED, true, ConditionReason.REPLICA_FAILURE, d.replicaFailure());
    }
    return condition(ConditionType.DEGRADED, false, ConditionReason.AS_EXPECTED, "");
  }

  /** Degraded reasons that need the user to change something: kstatus's Stalled. */
  private static final Set<String> TERMINAL =
      Set.of(
          ConditionReason.INIT_CONTAINER_FAILED,
          ConditionReason.CONFIGURATION_INVALID,
          ConditionReason.IMPORT_SCRIPT_FAILED,
          ConditionReason.APPLICATION_LOAD_FAILED,
          ConditionReason.WARMUP_FAILED,
          ConditionReason.STARTUP_TIMEOUT,
          ConditionReason.RUNTIME_FAILED,
          ConditionReason.CRASH_LOOP_BACK_OFF,
          ConditionReason.IMAGE_PULL_FAILED,
          ConditionReason.ROLLOUT_STALLED,
          ConditionReason.RECONCILE_FAILED);

  // Unschedulable and ReplicaFailure (quota) can clear without the user: a node or room may come.
  private static Condition stalled(Condition degraded) {
    return isTrue(degraded) && TERMINAL.contains(degraded.getReason())
        ? condition(ConditionType.STALLED, true, degraded.getReason(), degraded.getMessage())
        : condition(ConditionType.STALLED, false, ConditionReason.AS_EXPECTED, "");
  }

  private static Condition reconciling(Condition ready, Condition progressing, Condition stalled) {
    if (isTrue(stalled) || (isTrue(ready) && !isTrue(progressing))) {
      return condition(ConditionType.RECONCILING, false, ConditionReason.AS_EXPECTED, "");
    }
    Condition why = isTrue(progressing) ? progressing : ready;
    return condition(ConditionType.RECONCILING, true, why.getReason(), why.getMessage());
  }

  private static Phase phase(Condition ready, Condition progressing, Condition degraded) {
    if (isTrue(degraded)) {
      return Phase.Degraded;
    }
    if (isTrue(ready)) {
      return Phase.Ready;
    }
    return isTrue(progressing) ? Phase.Progressing : Phase.Pending;
  }

  public static boolean isTrue(Condition condition) {
    return condition != null && "True".equals(condition.getStatus());
  }

  /** The condition of that type, when the status has one. */
  public static Optional<Condition> find(WsgiProcessGroupStatus status, String type) {
    if (status == null || status.getConditions() == null) {
      return Optional.empty();
    }
    return status.getConditions().stream().filter(c -> type.equals(c.getType())).findFirst();
  }

  private static Condition condition(String type, boolean status, String reason, String message) {
    return new ConditionBuilder()
        .withType(type)
        .withStatus(status ? "True" : "False")
        .withReason(reason)
        .withMessage(message)
        .build();
  }

  // lastTransitionTime changes only when the status (True/False) does.
  private static Condition stamp(
      Condition condition, List<Condition> previous, Long generation, Instant now) {
    String since =
        previous.stream()
            .filter(p -> condition.getType().equals(p.getType()))
            .filter(p -> condition.getStatus().equals(p.getStatus()))
            .map(Condition::getLastTransitionTime)
            .filter(Objects::nonNull)
            .findFirst()
            .orElseGet(
                () -> DateTimeFormatter.ISO_INSTANT.format(now.truncatedTo(ChronoUnit.SECONDS)));
    condition.setLastTransitionTime(since);
    condition.setObservedGeneration(generation);
    return condition;
  }

  private static List<Condition> previousConditions(WsgiProcessGroup group) {
    return group.getStatus() != null && group.getStatus().getConditions() != null
        ? group.getStatus().getConditions()
        : List.of();
  }
}
