package dev.kubewsgi.operator.status;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kubewsgi.api.WsgiProcessGroup;
import dev.kubewsgi.api.WsgiProcessGroupStatus;
import dev.kubewsgi.api.spec.WarmupSpec;
import dev.kubewsgi.operator.Fixtures;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The chart's Argo CD health check (helm/kubewsgi/files/argocd-health.lua), run by a Lua
 * interpreter on resources whose status the aggregator built, as Argo CD hands it the object: a
 * table converted from the JSON.
 */
class ArgoCdHealthCheckTest {

  private static final Instant T0 = Instant.parse("2026-12-05T12:00:00Z");

  /** The resource "full" (generation 3) with a 3-replica Deployment in the given state. */
  private static WsgiProcessGroup with(
      int updated, int ready, int available, Optional<PodFailure> failure, boolean warmup) {
    WsgiProcessGroup group = Fixtures.group("full");
    if (!warmup) {
      group.getSpec().setWarmup(new WarmupSpec());
      group.getSpec().getWarmup().setEnabled(false);
    }
    Deployment deployment = StatusAggregatorTest.deployment(2, 3, updated, ready, available, null);
    WsgiProcessGroupStatus status =
        StatusAggregator.aggregate(group, DeploymentObserver.observe(deployment), failure, T0);
    group.setStatus(status);
    return group;
  }

  private static Map<String, String> health(WsgiProcessGroup group) throws Exception {
    return ArgoCdHealth.of(group);
  }

  @Test
  void aServingGroupIsHealthy() throws Exception {
    assertThat(health(with(3, 3, 3, Optional.empty(), true)))
        .containsEntry("status", "Healthy")
        .containsEntry("message", "AllReplicasReady: 3 of 3 replicas ready");
    assertThat(health(with(3, 3, 3, Optional.empty(), false)).get("message"))
        .startsWith("ReadyWithoutWarmup: 3 of 3 replicas ready, without warm-up");
  }

  @Test
  void aRollingGroupIsProgressing() throws Exception {
    assertThat(health(with(1, 3, 3, Optional.empty(), true)))
        .containsEntry("status", "Progressing")
        .containsEntry("message", "RolloutInProgress: 1 of 3 replicas updated, 3 available, 2 old");
  }

  @Test
  void aBrokenImportScriptIsDegradedNamingScriptAndLine() throws Exception {
    Optional<PodFailure> failure =
        PodFailureInspector.inspect(List.of(Fixtures.pod("import-script-failed")));
    Map<String, String> health = health(with(1, 3, 3, failure, true));
    assertThat(health).containsEntry("status", "Degraded");
    assertThat(health.get("message"))
        .startsWith("ImportScriptFailed: ")
        .contains("warm-caches")
        .contains("line 2");
  }

  @Test
  void anUnschedulablePodIsProgressingAndSaysWhy() throws Exception {
    Map<String, String> health =
        health(
            with(
                1,
                3,
                3,
                Optional.of(new PodFailure("Unschedulable", "0/1 nodes are available")),
                true));
    assertThat(health)
        .containsEntry("status", "Progressing")
        .containsEntry("message", "Unschedulable: 0/1 nodes are available");
  }

  @Test
  void aGenerationTheOperatorHasNotSeenIsProgressing() throws Exception {
    WsgiProcessGroup group = with(3, 3, 3, Optional.empty(), true);
    group.getMetadata().setGeneration(4L);
    assertThat(health(group))
        .containsEntry("status", "Progressing")
        .containsEntry("message", "Waiting for the operator to observe generation 4");
    group.setStatus(null);
    assertThat(health(group)).containsEntry("status", "Progressing");
  }

  @Test
  void aReconcileFailureIsDegraded() throws Exception {
    WsgiProcessGroup group = with(3, 3, 3, Optional.empty(), true);
    group.setStatus(
        StatusAggregator.failed(group, "spec.importScripts[2].configMapRef: not found", T0));
    assertThat(health(group))
        .containsEntry("status", "Degraded")
        .containsEntry("message", "ReconcileFailed: spec.importScripts[2].configMapRef: not found");
  }
}
