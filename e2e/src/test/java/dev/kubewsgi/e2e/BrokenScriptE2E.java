package dev.kubewsgi.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kubewsgi.e2e.kube.E2eCluster;
import dev.kubewsgi.e2e.kube.PodTracker;
import dev.kubewsgi.e2e.kube.ProcessGroupFixture;
import dev.kubewsgi.e2e.load.LoadGenerator;
import dev.kubewsgi.e2e.load.RequestRecord;
import dev.kubewsgi.e2e.report.Figures;
import io.fabric8.kubernetes.api.model.Event;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

/**
 * Scenario 5: an import script that raises stalls the rollout safely. The new pod never turns
 * Ready, the old pods serve the load with no failure, the resource says Degraded naming the script
 * and line, with an Event; a fixed script lets the rollout finish.
 */
@Order(5)
class BrokenScriptE2E {

  /** How long the stall is watched under load once Degraded shows, to see it hold. */
  static final Duration STALL_HELD =
      Duration.ofSeconds(Long.getLong("kubewsgi.e2e.stall.seconds", 20));

  @Test
  void brokenScriptStallsTheRolloutAndAFixFinishesIt() {
    E2eRun run = E2eRun.get();
    ServeE2E.ensureServing(run);
    Set<String> oldPods =
        run.flask.readyPods().stream()
            .map(p -> p.getMetadata().getName())
            .collect(Collectors.toSet());
    List<RequestRecord> records;
    List<String> restarts;
    try (PodTracker pods = run.flask.track()) {
      LoadGenerator load = run.startLoad();
      try {
        RollingRestartE2E.pause(Duration.ofSeconds(5));
        E2eCluster.log(
            "import script " + ProcessGroupFixture.MARKER_SCRIPT + " now raises on line 3");
        long start = System.nanoTime();
        run.flask.setMarkerSource(ProcessGroupFixture.brokenScript());
        E2eCluster.await(
            "Degraded naming " + ProcessGroupFixture.MARKER_SCRIPT,
            Duration.ofMinutes(20),
            () -> {
              JsonNode degraded = run.flask.condition("Degraded");
              return "True".equals(degraded.path("status").asText())
                  && degraded.path("message").asText().contains(ProcessGroupFixture.MARKER_SCRIPT);
            });
        Duration toDegraded = Duration.ofNanos(System.nanoTime() - start);
        JsonNode degraded = run.flask.condition("Degraded");
        E2eCluster.log(
            "Degraded after "
                + toDegraded.toSeconds()
                + " s: "
                + degraded.path("reason").asText()
                + ": "
                + degraded.path("message").asText());
        run.figures.put("broken_script_to_degraded_s", Figures.seconds(toDegraded));
        run.figures.put("broken_script_degraded", degraded);
        assertThat(degraded.path("reason").asText()).isEqualTo("ImportScriptFailed");
        // The runtime's one-line cause from the termination message, naming script and line:
        // "... (e2e-marker.py) failed in interpreter ...: e2e-marker.py:3: RuntimeError: ...", and
        // not
        // the log tail Kubernetes falls back to when the runtime could not write that message.
        assertThat(degraded.path("message").asText())
            .contains(ProcessGroupFixture.MARKER_SCRIPT + ":3: RuntimeError")
            .doesNotContain(" INFO ");

        RollingRestartE2E.pause(STALL_HELD);
        // The stall holds: no new pod became Ready, the old ones still are, Ready is kept.
        assertThat(pods.readyAtMicros())
            .as("pods that turned Ready with the broken script")
            .isEmpty();
        assertThat(run.flask.readyPods())
            .extracting(p -> p.getMetadata().getName())
            .containsExactlyInAnyOrderElementsOf(oldPods);
        assertThat(run.flask.rolloutComplete()).isFalse();

        List<Event> events =
            run
                .cluster
                .client()
                .v1()
                .events()
                .inNamespace(run.flask.namespace())
                .list()
                .getItems()
                .stream()
                .filter(
                    e ->
                        ProcessGroupFixture.NAME.equals(e.getInvolvedObject().getName())
                            && "WsgiProcessGroup".equals(e.getInvolvedObject().getKind()))
                .toList();
        assertThat(events)
            .as("Events of the resource")
            .anySatisfy(
                e -> {
                  assertThat(e.getType()).isEqualTo("Warning");
                  assertThat(e.getReason()).isEqualTo("ImportScriptFailed");
                  assertThat(e.getMessage()).contains(ProcessGroupFixture.MARKER_SCRIPT);
                });

        E2eCluster.log("fixing " + ProcessGroupFixture.MARKER_SCRIPT);
        RolloutReportWindow fix = new RolloutReportWindow(load.nowMicros());
        run.flask.setMarkerSource(ProcessGroupFixture.markerScript(4));
        E2eCluster.await(
            "the fixed rollout to complete", E2eRun.ROLLOUT_TIMEOUT, run.flask::rolloutComplete);
        E2eCluster.await(
            "Ready, not Degraded",
            Duration.ofMinutes(1),
            () ->
                run.flask.ready()
                    && "False".equals(run.flask.condition("Degraded").path("status").asText()));
        run.figures.put("fixed_script_rollout_s", (load.nowMicros() - fix.startMicros) / 1e6);
        RollingRestartE2E.pause(Duration.ofSeconds(5));
      } finally {
        records = load.stop();
        restarts = pods.restarts();
      }
    }
    long failed = records.stream().filter(RequestRecord::failed).count();
    run.figures.put(
        "broken_script_load",
        java.util.Map.of(
            "total",
            records.size(),
            "failed",
            failed,
            "retried_on_closed_keepalive",
            records.stream().filter(RequestRecord::retried).count()));
    // With when each was sent and the containers that restarted meanwhile (the broken pod's own
    // among them), to read against the log's steps.
    assertThat(
            records.stream()
                .filter(RequestRecord::failed)
                .map(RequestRecord::failureWhen)
                .limit(20))
        .as("failed requests (of %d); container restarts %s", records.size(), restarts)
        .isEmpty();
  }

  private record RolloutReportWindow(long startMicros) {}
}
