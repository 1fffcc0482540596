package dev.kubewsgi.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kubewsgi.e2e.kube.ControlPlane;
import dev.kubewsgi.e2e.kube.E2eCluster;
import dev.kubewsgi.e2e.kube.PodTracker;
import dev.kubewsgi.e2e.load.LoadGenerator;
import dev.kubewsgi.e2e.load.RequestRecord;
import dev.kubewsgi.e2e.report.FaultsReport;
import dev.kubewsgi.e2e.report.Figures;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

/**
 * Scenario 7: the API server is stopped for 60 s while the load runs; serving does not depend on it
 * (zero failed requests). The moment it answers again, {@code kubectl scale wpg/flask
 * --replicas=3}, before the operator has found its way back: the operator carries the change into
 * the Deployment, three pods turn Ready and {@code status} follows.
 */
@Order(7)
class ApiServerOutageE2E {

  static final Duration OUTAGE =
      Duration.ofSeconds(Long.getLong("kubewsgi.e2e.outage.seconds", 60));

  @Test
  void servingOutlivesTheApiServerAndAScaleMadeAsItReturnsIsCarried() {
    E2eRun run = E2eRun.get();
    ServeE2E.ensureServing(run);
    int operatorRestartsBefore = run.operatorState().restarts();
    List<RequestRecord> records;
    long downAt;
    long backAt;
    long carriedAt;
    long readyAt;
    LoadGenerator load = run.startLoad();
    try {
      RollingRestartE2E.pause(Duration.ofSeconds(5));
      E2eCluster.log("API server: stopping it for " + OUTAGE.toSeconds() + " s under load");
      downAt = PodTracker.nowMicros();
      ControlPlane.outage(run.cluster.repoDir(), OUTAGE);
      backAt = PodTracker.nowMicros();
      E2eCluster.log(
          "API server back ("
              + load.sent()
              + " requests sent, "
              + load.failed()
              + " failed); kubectl scale wpg/flask --replicas=3");
      E2eCluster.await(
          "kubectl scale to be accepted",
          Duration.ofMinutes(1),
          () ->
              run.cluster
                      .cli()
                      .kubectl("-n", run.flask.namespace(), "scale", "wpg/flask", "--replicas=3")
                      .exit()
                  == 0);
      E2eCluster.await(
          "the operator to carry replicas 3 into the Deployment",
          Duration.ofMinutes(5),
          () -> run.flask.deployment().getSpec().getReplicas() == 3);
      carriedAt = PodTracker.nowMicros();
      E2eCluster.log(
          "operator carried the scale "
              + (carriedAt - backAt) / 1_000_000
              + " s after the API server came back");
      E2eCluster.await(
          "3 Ready pods and status.readyReplicas 3",
          Duration.ofMinutes(25),
          () ->
              run.flask.readyPods().size() == 3
                  && run.flask.resource().path("status").path("readyReplicas").asInt() == 3
                  && run.flask.ready());
      readyAt = PodTracker.nowMicros();
    } finally {
      records = load.stop();
    }
    double scaleToReady = Figures.seconds(Duration.ofNanos((readyAt - backAt) * 1_000));
    run.figures.put("scale_to_3_ready_s", scaleToReady);
    run.faults.add(
        new FaultsReport.Fault(
            "API server away for " + OUTAGE.toSeconds() + " s",
            records.size(),
            FaultsReport.failed(records),
            0,
            "zero: serving needs no API server",
            (carriedAt - backAt) / 1e6,
            Map.of(
                "recovery",
                "API server back to the operator's Deployment carrying the scale made then",
                "outage_s",
                (backAt - downAt) / 1e6,
                "sent_during_outage",
                FaultsReport.sentBetween(records, downAt, backAt),
                "operator_container_restarts",
                run.operatorState().restarts() - operatorRestartsBefore,
                "scale_to_3_ready_s",
                scaleToReady)));

    assertThat(records.stream().filter(RequestRecord::failed).map(RequestRecord::failure).limit(20))
        .as("failed requests (of %d)", records.size())
        .isEmpty();
    var resource = run.flask.resource();
    assertThat(resource.path("spec").path("replicas").asInt()).isEqualTo(3);
    assertThat(resource.path("status").path("replicas").asInt()).isEqualTo(3);
    // What `kubectl get wpg` prints comes from the same status.
    String table =
        run.cluster
            .cli()
            .kubectl("-n", run.flask.namespace(), "get", "wpg", "flask")
            .orThrow()
            .out();
    assertThat(table).contains("flask");
  }
}
