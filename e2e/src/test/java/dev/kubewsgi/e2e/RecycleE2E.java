package dev.kubewsgi.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kubewsgi.e2e.kube.E2eCluster;
import dev.kubewsgi.e2e.kube.ProcessGroupFixture;
import dev.kubewsgi.e2e.load.LoadGenerator;
import dev.kubewsgi.e2e.load.RequestRecord;
import io.fabric8.kubernetes.api.model.Pod;
import java.io.IOException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

/**
 * Scenario 4: workers recycled under load. {@code lifecycle.maximumRequests} (with jitter) is one
 * of RollingRestartE2E's changes (run alone, this scenario rolls it out itself); under the load
 * through the ClusterIP every pod replaces its worker with a warm one, and no request fails. The
 * later scenarios keep it on, so their load meets recycling too.
 */
@Order(4)
class RecycleE2E {

  /**
   * About 50 s of the load per pod, then a replacement of about 2 minutes on a busy node: the later
   * scenarios meet a few, not a constant churn.
   */
  static final int MAXIMUM_REQUESTS = 5000;

  static final int JITTER = 1000;

  static final String MAXIMUM_REQUESTS_PATCH =
      "{\"spec\":{\"lifecycle\":{\"maximumRequests\":%d,\"maximumRequestsJitter\":%d}}}"
          .formatted(MAXIMUM_REQUESTS, JITTER);

  @Test
  void everyPodReplacesItsWorkerWarmUnderLoadAndFailsNoRequest() {
    E2eRun run = E2eRun.get();
    ServeE2E.ensureServing(run);
    List<RequestRecord> records;
    Map<String, Long> recycled = new LinkedHashMap<>();
    long start = System.nanoTime();
    LoadGenerator load = run.startLoad();
    try {
      RollingRestartE2E.pause(Duration.ofSeconds(5));
      if (run.flask.resource().path("spec").path("lifecycle").path("maximumRequests").asInt()
          != MAXIMUM_REQUESTS) {
        long before = run.flask.deployment().getMetadata().getGeneration();
        run.flask.patch(MAXIMUM_REQUESTS_PATCH);
        E2eCluster.await(
            "the operator to carry maximumRequests into the Deployment",
            Duration.ofMinutes(1),
            () -> run.flask.deployment().getMetadata().getGeneration() > before);
      }
      E2eCluster.await(
          "the maximumRequests rollout to complete",
          E2eRun.ROLLOUT_TIMEOUT,
          run.flask::rolloutComplete);
      E2eCluster.log("maximumRequests=" + MAXIMUM_REQUESTS + " rolled out; waiting for recycling");
      E2eCluster.await(
          "every Ready pod to replace its worker after maximumRequests",
          Duration.ofMinutes(12),
          () -> {
            recycled.clear();
            List<Pod> pods = run.flask.readyPods();
            for (Pod pod : pods) {
              recycled.put(pod.getMetadata().getName(), recycledByMaximumRequests(pod));
            }
            return !pods.isEmpty() && recycled.values().stream().allMatch(n -> n >= 1);
          });
      RollingRestartE2E.pause(Duration.ofSeconds(5));
    } finally {
      records = load.stop();
    }
    long failed = records.stream().filter(RequestRecord::failed).count();
    Duration took = Duration.ofNanos(System.nanoTime() - start);
    E2eCluster.log(
        "recycling under load: "
            + records.size()
            + " requests, "
            + failed
            + " failed, workers recycled per pod "
            + recycled
            + " in "
            + took.toSeconds()
            + " s");
    run.figures.put(
        "recycling_under_load",
        Map.of(
            "requests",
            records.size(),
            "failed",
            failed,
            "recycled_per_pod",
            Map.copyOf(recycled),
            "duration_s",
            took.toSeconds(),
            "maximum_requests",
            MAXIMUM_REQUESTS,
            "jitter",
            JITTER));
    assertThat(records.stream().filter(RequestRecord::failed).map(RequestRecord::failure).limit(20))
        .as("failed requests (of %d)", records.size())
        .isEmpty();
  }

  /** The pod's {@code /status}: workers replaced after maximumRequests; -1 when unreachable. */
  private static long recycledByMaximumRequests(Pod pod) {
    try {
      JsonNode status = ProcessGroupFixture.runtimeStatus(pod);
      return status.path("recycleReasons").path("maximum-requests").asLong(0);
    } catch (IOException e) {
      return -1;
    }
  }
}
