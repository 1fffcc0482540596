package dev.kubewsgi.operator.status;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kubewsgi.api.WsgiProcessGroup;
import dev.kubewsgi.api.WsgiProcessGroupStatus;
import dev.kubewsgi.api.spec.WarmupSpec;
import dev.kubewsgi.api.status.Phase;
import dev.kubewsgi.operator.Fixtures;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class StatusAggregatorTest {

  private static final Instant T0 = Instant.parse("2026-11-24T12:00:00Z");

  /** A Deployment of 3 replicas, generation 2, with the given status counts (pure data). */
  static Deployment deployment(
      long observedGeneration,
      int replicas,
      int updated,
      int ready,
      int available,
      String progressing) {
    var builder =
        new DeploymentBuilder()
            .withNewMetadata()
            .withName("shop")
            .withGeneration(2L)
            .endMetadata()
            .withNewSpec()
            .withReplicas(3)
            .endSpec()
            .withNewStatus()
            .withObservedGeneration(observedGeneration)
            .withReplicas(replicas)
            .withUpdatedReplicas(updated)
            .withReadyReplicas(ready)
            .withAvailableReplicas(available);
    if (progressing != null) {
      String[] statusAndReason = progressing.split(":");
      builder
          .addNewCondition()
          .withType("Progressing")
          .withStatus(statusAndReason[0])
          .withReason(statusAndReason[1])
          .withMessage("ReplicaSet \"shop-7d9c\" has timed out progressing.")
          .endCondition();
    }
    return builder.endStatus().build();
  }

  private static String summary(WsgiProcessGroupStatus status) {
    return status.getConditions().stream()
        .map(c -> c.getType() + "=" + c.getStatus() + "/" + c.getReason())
        .collect(Collectors.joining(" "));
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      nullValues = "-",
      value = {
        "just created, not observed yet | 1 | 0 | 0 | 0 | 0 | -                                | Progressing | Ready=False/ReplicasNotReady Progressing=True/RolloutInProgress Degraded=False/AsExpected Reconciling=True/RolloutInProgress Stalled=False/AsExpected | 0 of 3 replicas ready, the Deployment controller has not yet seen the current spec",
        "pods pending                   | 2 | 3 | 3 | 0 | 0 | True:ReplicaSetUpdated           | Progressing | Ready=False/ReplicasNotReady Progressing=True/RolloutInProgress Degraded=False/AsExpected Reconciling=True/RolloutInProgress Stalled=False/AsExpected | 0 of 3 replicas ready, 0 of 3 available (Ready for minReadySeconds)",
        "all ready and available        | 2 | 3 | 3 | 3 | 3 | True:NewReplicaSetAvailable      | Ready       | Ready=True/AllReplicasReady Progressing=False/RolloutComplete Degraded=False/AsExpected Reconciling=False/AsExpected Stalled=False/AsExpected | 3 of 3 replicas ready",
        "rolling: one old pod left      | 2 | 4 | 3 | 4 | 4 | True:ReplicaSetUpdated           | Progressing | Ready=False/ReplicasNotReady Progressing=True/RolloutInProgress Degraded=False/AsExpected Reconciling=True/RolloutInProgress Stalled=False/AsExpected | 4 replicas ready, 3 desired, 1 old replica(s) still terminating",
        "ready but not yet available    | 2 | 3 | 3 | 3 | 1 | True:ReplicaSetUpdated           | Progressing | Ready=False/ReplicasNotReady Progressing=True/RolloutInProgress Degraded=False/AsExpected Reconciling=True/RolloutInProgress Stalled=False/AsExpected | 3 of 3 replicas ready, 1 of 3 available (Ready for minReadySeconds)",
        "stalled rollout                | 2 | 4 | 1 | 3 | 3 | False:ProgressDeadlineExceeded   | Degraded    | Ready=False/ReplicasNotReady Progressing=False/ProgressDeadlineExceeded Degraded=True/RolloutStalled Reconciling=False/AsExpected Stalled=True/RolloutStalled | 3 of 3 replicas ready, 1 of 3 run the current spec",
      })
  void conditionsFollowTheDeployment(
      String what,
      long observed,
      int replicas,
      int updated,
      int ready,
      int available,
      String progressing,
      Phase phase,
      String conditions,
      String readyMessage) {
    WsgiProcessGroup group = Fixtures.group("full");
    WsgiProcessGroupStatus status =
        StatusAggregator.aggregate(
            group,
            DeploymentObserver.observe(
                deployment(observed, replicas, updated, ready, available, progressing)),
            Optional.empty(),
            T0);
    assertThat(summary(status)).isEqualTo(conditions);
    assertThat(StatusAggregator.find(status, "Ready").orElseThrow().getMessage())
        .isEqualTo(readyMessage);
    assertThat(status.getPhase()).isEqualTo(phase);
    assertThat(status.getObservedGeneration()).isEqualTo(3L);
    assertThat(status.getConditions())
        .allSatisfy(c -> assertThat(c.getObservedGeneration()).isEqualTo(3L));
    assertThat(status.getSelector()).isEqualTo("kubewsgi.dev/process-group=shop");
    assertThat(status.getReadyReplicas()).isEqualTo(ready);
    assertThat(status.getUpdatedReplicas()).isEqualTo(updated);
  }

  @Test
  void aFailingPodMakesTheGroupDegradedWithScriptAndLine() {
    WsgiProcessGroupStatus status =
        StatusAggregator.aggregate(
            Fixtures.group("full"),
            DeploymentObserver.observe(deployment(2, 4, 1, 3, 3, "True:ReplicaSetUpdated")),
            PodFailureInspector.inspect(List.of(Fixtures.pod("import-script-failed"))),
            T0);
    assertThat(status.getPhase()).isEqualTo(Phase.Degraded);
    Condition degraded = StatusAggregator.find(status, "Degraded").orElseThrow();
    assertThat(degraded.getReason()).isEqualTo("ImportScriptFailed");
    assertThat(degraded.getMessage()).contains("warm-caches").contains("line 2");
    // kstatus reads Stalled=True as Failed: the broken script needs a fix, not time.
    Condition stalled = StatusAggregator.find(status, "Stalled").orElseThrow();
    assertThat(stalled.getStatus()).isEqualTo("True");
    assertThat(stalled.getReason()).isEqualTo("ImportScriptFailed");
    assertThat(stalled.getMessage()).isEqualTo(degraded.getMessage());
    assertThat(StatusAggregator.find(status, "Reconciling").orElseThrow().getStatus())
        .isEqualTo("False");
  }

  @Test
  void anUnschedulablePodIsDegradedButStillReconcilingNotStalled() {
    WsgiProcessGroupStatus status =
        StatusAggregator.aggregate(
            Fixtures.group("full"),
            DeploymentObserver.observe(deployment(2, 4, 1, 3, 3, "True:ReplicaSetUpdated")),
            Optional.of(new PodFailure("Unschedulable", "0/1 nodes are available")),
            T0);
    assertThat(summary(status))
        .endsWith(
            "Degraded=True/Unschedulable Reconciling=True/RolloutInProgress"
                + " Stalled=False/AsExpected");
  }

  @Test
  void warmupTurnedOffIsVisibleInTheReadyCondition() {
    WsgiProcessGroup group = Fixtures.group("full");
    group.getSpec().setWarmup(new WarmupSpec());
    group.getSpec().getWarmup().setEnabled(false);
    Deployment ready = deployment(2, 3, 3, 3, 3, "True:NewReplicaSetAvailable");
    WsgiProcessGroupStatus status =
        StatusAggregator.aggregate(group, DeploymentObserver.observe(ready), Optional.empty(), T0);
    Condition condition = StatusAggregator.find(status, "Ready").orElseThrow();
    assertThat(condition.getStatus()).isEqualTo("True");
    assertThat(condition.getReason()).isEqualTo("ReadyWithoutWarmup");
    assertThat(condition.getMessage())
        .startsWith("3 of 3 replicas ready, without warm-up: spec.warmup.enabled is false");
    assertThat(status.getPhase()).isEqualTo(Phase.Ready);

    group.getSpec().getWarmup().setEnabled(true);
    assertThat(
            StatusAggregator.find(
                    StatusAggregator.aggregate(
                        group, DeploymentObserver.observe(ready), Optional.empty(), T0),
                    "Ready")
                .orElseThrow()
                .getReason())
        .isEqualTo("AllReplicasReady");
  }

  @Test
  void lastTransitionTimeStaysWhileTheStatusDoesNot() {
    WsgiProcessGroup group = Fixtures.group("full");
    Deployment pending = deployment(2, 3, 3, 0, 0, "True:ReplicaSetUpdated");
    Deployment ready = deployment(2, 3, 3, 3, 3, "True:NewReplicaSetAvailable");
    group.setStatus(
        StatusAggregator.aggregate(
            group, DeploymentObserver.observe(pending), Optional.empty(), T0));

    Instant later = T0.plusSeconds(60);
    WsgiProcessGroupStatus same =
        StatusAggregator.aggregate(
            group, DeploymentObserver.observe(pending), Optional.empty(), later);
    assertThat(same.getConditions())
        .extracting(Condition::getLastTransitionTime)
        .containsOnly("2026-11-24T12:00:00Z");

    WsgiProcessGroupStatus turned =
        StatusAggregator.aggregate(
            group, DeploymentObserver.observe(ready), Optional.empty(), later);
    assertThat(StatusAggregator.find(turned, "Ready").orElseThrow().getLastTransitionTime())
        .isEqualTo("2026-11-24T12:01:00Z");
    assertThat(StatusAggregator.find(turned, "Degraded").orElseThrow().getLastTransitionTime())
        .isEqualTo("2026-11-24T12:00:00Z");
  }

  @Test
  void noDeploymentYet() {
    WsgiProcessGroupStatus status =
        StatusAggregator.aggregate(
            Fixtures.group("hello"), DeploymentObserver.observe(null), Optional.empty(), T0);
    assertThat(status.getPhase()).isEqualTo(Phase.Pending);
    assertThat(summary(status)).startsWith("Ready=False/DeploymentMissing");
  }

  @Test
  void aReconcileFailureKeepsTheOtherConditions() {
    WsgiProcessGroup group = Fixtures.group("full");
    group.setStatus(
        StatusAggregator.aggregate(
            group,
            DeploymentObserver.observe(deployment(2, 3, 3, 3, 3, null)),
            Optional.empty(),
            T0));
    WsgiProcessGroupStatus failed =
        StatusAggregator.failed(
            group, "spec.importScripts[2].configMapRef: ConfigMap \"x\" not found", T0);
    assertThat(failed.getPhase()).isEqualTo(Phase.Degraded);
    assertThat(summary(failed))
        .isEqualTo(
            "Ready=True/AllReplicasReady Progressing=False/RolloutComplete Degraded=True/ReconcileFailed"
                + " Reconciling=False/AsExpected Stalled=True/ReconcileFailed");
    assertThat(failed.getObservedGeneration()).isEqualTo(3L);
  }
}
