package dev.kubewsgi.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kubewsgi.e2e.kube.E2eCluster;
import dev.kubewsgi.e2e.report.Figures;
import java.time.Duration;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

/**
 * Scenario 7: {@code kubectl scale wpg/flask --replicas=3} gives three Ready pods, and status
 * follows.
 */
@Order(7)
class ScaleE2E {

  @Test
  void scaleSubresourceGivesThreeReadyPods() {
    E2eRun run = E2eRun.get();
    ServeE2E.ensureServing(run);
    long start = System.nanoTime();
    run.cluster
        .cli()
        .kubectl("-n", run.flask.namespace(), "scale", "wpg/flask", "--replicas=3")
        .orThrow();
    E2eCluster.await(
        "3 Ready pods and status.readyReplicas 3",
        Duration.ofMinutes(25),
        () ->
            run.flask.readyPods().size() == 3
                && run.flask.resource().path("status").path("readyReplicas").asInt() == 3
                && run.flask.ready());
    Duration took = Duration.ofNanos(System.nanoTime() - start);
    run.figures.put("scale_to_3_ready_s", Figures.seconds(took));
    E2eCluster.log("scaled to 3 Ready pods in " + took.toSeconds() + " s");

    var resource = run.flask.resource();
    assertThat(resource.path("spec").path("replicas").asInt()).isEqualTo(3);
    assertThat(resource.path("status").path("replicas").asInt()).isEqualTo(3);
    assertThat(run.flask.deployment().getSpec().getReplicas()).isEqualTo(3);
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
