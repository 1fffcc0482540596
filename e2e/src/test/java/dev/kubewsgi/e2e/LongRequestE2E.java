package dev.kubewsgi.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kubewsgi.e2e.kube.E2eCluster;
import dev.kubewsgi.e2e.load.HttpConnection;
import dev.kubewsgi.e2e.load.LoadGenerator;
import dev.kubewsgi.e2e.load.RequestRecord;
import io.fabric8.kubernetes.api.model.Pod;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

/**
 * Scenario 6: requests that take 2 s, in flight on a pod when it is told to stop (the pod is
 * deleted: SIGTERM), all complete; readiness fails first, the runtime drains within the grace
 * period. The load through the ClusterIP runs meanwhile and fails nothing.
 */
@Order(6)
class LongRequestE2E {

  static final double SECONDS = 2.0;

  /** One slow request on its own connection, straight to the pod, timed from its sending. */
  record Outcome(
      int status, String body, String servedBy, long sentMillis, long doneMillis, String error) {}

  static Outcome slow(InetSocketAddress pod) {
    long sent = System.currentTimeMillis();
    try (HttpConnection c =
        HttpConnection.open(pod, Duration.ofSeconds(3), Duration.ofSeconds(60))) {
      HttpConnection.Response r = c.get("/slow?seconds=" + SECONDS, true);
      return new Outcome(
          r.status(),
          r.bodyText(),
          r.header("x-kubewsgi-served-by"),
          sent,
          System.currentTimeMillis(),
          null);
    } catch (Exception e) {
      return new Outcome(0, null, null, sent, System.currentTimeMillis(), e.toString());
    }
  }

  @Test
  void requestsInFlightWhenThePodStopsComplete() throws Exception {
    E2eRun run = E2eRun.get();
    ServeE2E.ensureServing(run);
    Pod victim = run.flask.readyPods().get(0);
    String name = victim.getMetadata().getName();
    InetSocketAddress address = new InetSocketAddress(victim.getStatus().getPodIP(), 8080);
    int inFlight = run.flask.sizing().threads();

    List<RequestRecord> records;
    List<Outcome> outcomes = new ArrayList<>();
    long deletedAt;
    LoadGenerator load = run.startLoad();
    try {
      RollingRestartE2E.pause(Duration.ofSeconds(3));
      List<CompletableFuture<Outcome>> futures = new ArrayList<>();
      for (int i = 0; i < inFlight; i++) {
        futures.add(CompletableFuture.supplyAsync(() -> slow(address)));
      }
      RollingRestartE2E.pause(Duration.ofMillis(500)); // sent and running: a quarter into their 2 s
      deletedAt = System.currentTimeMillis();
      E2eCluster.log(
          "deleting pod "
              + name
              + " with "
              + inFlight
              + " requests of "
              + SECONDS
              + " s in flight");
      run.cluster.client().pods().inNamespace(run.flask.namespace()).withName(name).delete();
      for (CompletableFuture<Outcome> f : futures) {
        outcomes.add(f.get(90, TimeUnit.SECONDS));
      }
      Duration gone =
          E2eCluster.await(
              "pod " + name + " to go",
              Duration.ofMinutes(2),
              () ->
                  run.cluster
                          .client()
                          .pods()
                          .inNamespace(run.flask.namespace())
                          .withName(name)
                          .get()
                      == null);
      E2eCluster.log(
          "pod " + name + " gone " + gone.toSeconds() + " s after the slow requests ended");
      run.figures.put(
          "long_requests",
          Map.of(
              "pod",
              name,
              "completed_after_sigterm_ms",
              outcomes.stream().map(o -> o.doneMillis() - deletedAt).toList(),
              "statuses",
              outcomes.stream().map(Outcome::status).toList(),
              "pod_gone_after_sigterm_s",
              (System.currentTimeMillis() - deletedAt) / 1000.0));
      RollingRestartE2E.pause(Duration.ofSeconds(3));
    } finally {
      records = load.stop();
    }

    for (Outcome o : outcomes) {
      assertThat(o.error()).as("slow request error").isNull();
      assertThat(o.status()).isEqualTo(200);
      assertThat(o.servedBy()).startsWith(name + "/");
      assertThat(o.body()).contains("\"slept\"");
      assertThat(o.doneMillis()).as("finished after SIGTERM").isGreaterThan(deletedAt);
    }
    assertThat(records.stream().filter(RequestRecord::failed).map(RequestRecord::failure).limit(20))
        .as("failed requests of the load meanwhile (of %d)", records.size())
        .isEmpty();
  }
}
