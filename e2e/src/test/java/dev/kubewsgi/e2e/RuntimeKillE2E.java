package dev.kubewsgi.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kubewsgi.e2e.kube.E2eCluster;
import dev.kubewsgi.e2e.kube.NodeProcesses;
import dev.kubewsgi.e2e.kube.PodTracker;
import dev.kubewsgi.e2e.kube.ProcessGroupFixture;
import dev.kubewsgi.e2e.kube.ServiceRules;
import dev.kubewsgi.e2e.load.LoadGenerator;
import dev.kubewsgi.e2e.load.RequestRecord;
import dev.kubewsgi.e2e.report.FaultsReport;
import io.fabric8.kubernetes.api.model.Pod;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

/**
 * Scenario 8: a serving pod's runtime is SIGKILLed under load (no drain, as an OOM kill or a crash
 * ends it). Failed requests are at most those in flight at the kill plus those sent until
 * kube-proxy stopped routing to the pod; the pod turns unready at once; the container restarts and
 * the pod is Ready again only once its new runtime warmed up (no request reaches a cold one).
 */
@Order(8)
class RuntimeKillE2E {

  /** Serving after the pod is back, so its first requests are in the load's records. */
  static final Duration SERVE_AFTER = Duration.ofSeconds(15);

  @Test
  void aKilledRuntimeFailsAtMostItsWindowAndComesBackWarm() throws Exception {
    E2eRun run = E2eRun.get();
    ServeE2E.ensureServing(run);
    Pod victim = run.flask.readyPods().get(0);
    String name = victim.getMetadata().getName();
    String ip = victim.getStatus().getPodIP();
    int restartsBefore = restarts(victim);

    List<RequestRecord> records;
    long killAt;
    long unreadyAt;
    long unroutedAt;
    long readyAgainAt;
    JsonNode status;
    LoadGenerator load = run.startLoad();
    try {
      RollingRestartE2E.pause(Duration.ofSeconds(5));
      assertThat(ServiceRules.routeTo(ip, 8080))
          .as(
              "the node's rules route to %s before the kill (iptables-save sees kube-proxy's rules)",
              ip)
          .isTrue();
      killAt = PodTracker.nowMicros();
      int killed = NodeProcesses.kill(victim, ProcessGroupFixture.RUNTIME_CONTAINER);
      E2eCluster.log("pod " + name + ": SIGKILLed its runtime (" + killed + " process(es))");
      E2eCluster.await(
          "kube-proxy to stop routing to " + ip,
          Duration.ofMinutes(1),
          () -> !ServiceRules.routeTo(ip, 8080));
      unroutedAt = PodTracker.nowMicros();
      E2eCluster.await(
          "pod " + name + " to turn unready",
          Duration.ofMinutes(1),
          () -> !PodTracker.isReady(pod(run, name)));
      unreadyAt = PodTracker.nowMicros();
      E2eCluster.log(
          "pod "
              + name
              + ": out of the node's rules "
              + (unroutedAt - killAt) / 1000
              + " ms after the kill; "
              + load.failed()
              + " requests failed so far");
      E2eCluster.await(
          "pod " + name + " to be Ready again with a restarted container",
          Duration.ofMinutes(20),
          () -> {
            Pod p = pod(run, name);
            return restarts(p) > restartsBefore && PodTracker.isReady(p);
          });
      readyAgainAt = PodTracker.nowMicros();
      status = ProcessGroupFixture.runtimeStatus(pod(run, name));
      E2eCluster.log(
          "pod "
              + name
              + " Ready again "
              + (readyAgainAt - killAt) / 1_000_000
              + " s after the kill");
      RollingRestartE2E.pause(SERVE_AFTER);
    } finally {
      records = load.stop();
    }

    long inFlight = FaultsReport.inFlightAt(records, killAt);
    long sentInWindow = FaultsReport.sentBetween(records, killAt, unroutedAt);
    long failed = FaultsReport.failed(records);
    long failedLater =
        records.stream().filter(r -> r.failed() && r.startMicros() >= unroutedAt).count();
    Map<String, Object> details = new LinkedHashMap<>();
    details.put("recovery", "kill to the pod Ready again, warm");
    details.put("in_flight_at_kill", inFlight);
    details.put("sent_until_unrouted", sentInWindow);
    details.put("unrouted_after_kill_ms", (unroutedAt - killAt) / 1000);
    details.put("failed_after_unrouted", failedLater);
    details.put("warmup_requests_of_restarted_runtime", warmupRequests(status));
    run.faults.add(
        new FaultsReport.Fault(
            "serving pod's runtime SIGKILLed",
            records.size(),
            failed,
            inFlight + sentInWindow,
            "in flight at the kill + sent until kube-proxy stopped routing to the pod",
            (readyAgainAt - killAt) / 1e6,
            details));

    assertThat(failed)
        .as(
            "failed requests (%s) within in flight at the kill (%d) + sent until unrouted (%d)",
            records.stream()
                .filter(RequestRecord::failed)
                .map(RequestRecord::failure)
                .limit(5)
                .toList(),
            inFlight,
            sentInWindow)
        .isLessThanOrEqualTo(inFlight + sentInWindow);
    // The pod turned unready once the container died, long before its new runtime could be warm.
    assertThat(unreadyAt).isLessThan(readyAgainAt);
    // Ready again means a new runtime (it started after the kill) that warmed every worker.
    assertThat(status.path("ready").asBoolean()).isTrue();
    assertThat(status.path("uptimeMillis").asLong())
        .as("the runtime answering started after the kill")
        .isLessThan((PodTracker.nowMicros() - killAt) / 1000);
    assertThat(status.path("readyWithoutWarmup").asBoolean()).isFalse();
    assertThat(warmupRequests(status)).as("warm-up requests per interpreter").allMatch(n -> n > 0);
  }

  private static Pod pod(E2eRun run, String name) {
    return run.cluster.client().pods().inNamespace(run.flask.namespace()).withName(name).get();
  }

  private static int restarts(Pod pod) {
    return pod.getStatus().getContainerStatuses().stream()
        .filter(s -> s.getName().equals(ProcessGroupFixture.RUNTIME_CONTAINER))
        .mapToInt(s -> s.getRestartCount())
        .sum();
  }

  private static List<Long> warmupRequests(JsonNode status) {
    return status.path("warmup").properties().stream()
        .map(e -> e.getValue().path("done").asLong())
        .toList();
  }
}
