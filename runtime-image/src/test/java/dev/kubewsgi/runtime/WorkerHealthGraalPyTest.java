package dev.kubewsgi.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Predicate;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Worker health: replacements serve nothing before their warm-up ended; a failed replacement is
 * retried with backoff and reported; liveness fails only when a group has no worker that can serve
 * and no replacement could be started; recycling by time and by heap.
 */
class WorkerHealthGraalPyTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  private static JsonNode status(RuntimeHarness runtime) throws Exception {
    return JSON.readTree(runtime.admin("/status").body());
  }

  /** Polls /status for up to {@code seconds} until {@code done} holds; returns the last one. */
  private static JsonNode awaitStatus(RuntimeHarness runtime, int seconds, Predicate<JsonNode> done)
      throws Exception {
    long deadline = System.nanoTime() + seconds * 1_000_000_000L;
    JsonNode status = status(runtime);
    while (!done.test(status) && System.nanoTime() < deadline) {
      Thread.sleep(100);
      status = status(runtime);
    }
    return status;
  }

  @Nested
  @TestMethodOrder(MethodOrderer.OrderAnnotation.class)
  class Replacements extends RuntimePerClass {

    private Path marker;

    @Override
    String name() {
      return "worker-health";
    }

    @Override
    String yaml() {
      try {
        marker = Files.createTempDirectory("kubewsgi-gate-").resolve("refuse");
      } catch (java.io.IOException e) {
        throw new IllegalStateException(e);
      }
      return resource(
          "/",
          "counter.py",
          """
          workers: 1
          threads: 2
          importScripts:
            - name: gate.py
              source: |
                import os
                if os.path.exists(%s):
                    raise RuntimeError("this replacement is refused by the test's marker file")
          # More warm-up requests than maximumRequests: only live requests count towards it.
          warmup:
            untilSettled: false
            requests: [{path: /, count: 20}]
          lifecycle:
            requestTimeoutSeconds: 1
            gracefulTimeoutSeconds: 1
            maximumRequests: 15
          """
              .formatted(JSON.valueToTree(marker.toString())));
    }

    @Test
    @Order(2)
    void aReplacementServesNoRequestBeforeItsWarmupEnded() throws Exception {
      Map<String, Integer> firstCount = new HashMap<>();
      for (int i = 0; i < 3000 && firstCount.size() < 3; i++) {
        HttpResponse<String> r = runtime.get("/");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        JsonNode body = JSON.readTree(r.body());
        firstCount.putIfAbsent(body.get("token").asText(), body.get("count").asInt());
        if (i > 20) {
          Thread.sleep(20);
        }
      }
      assertThat(firstCount).as("two replacements answered").hasSize(3);
      // Each context's first live request found the 20 warm-up requests already served.
      assertThat(firstCount.values()).allSatisfy(count -> assertThat(count).isGreaterThan(20));
      assertThat(status(runtime).get("recycleReasons").get("maximum-requests").asLong())
          .isGreaterThanOrEqualTo(2);
      assertThat(runtime.admin("/metrics").body())
          .contains(
              "kubewsgi_workers_recycled_total{group=\"%{GLOBAL}\",reason=\"maximum-requests\"}")
          .contains("kubewsgi_requests_in_flight{group=\"%{GLOBAL}\"} 0.0")
          .contains("kubewsgi_workers_able{group=\"%{GLOBAL}\"} 1.0");
    }

    // First, while no replacement is under way: a retired worker's thread may still take one last
    // request, and a stuck one there would not reach the replacement this test refuses.
    @Test
    @Order(1)
    void aFailedReplacementIsRetriedAndLivenessFailsOnlyWhenNothingCanServe() throws Exception {
      assertThat(worker(status(runtime)).has("replacing")).isFalse();
      Files.createFile(marker);
      try {
        // One request stuck past the timeout: 504, and the worker's other thread serves on.
        CompletableFuture<HttpResponse<String>> first =
            runtime.client.sendAsync(
                java.net.http.HttpRequest.newBuilder(runtime.app("/?sleep=30")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(first.get().statusCode()).isEqualTo(504);
        JsonNode failed = awaitStatus(runtime, 60, s -> worker(s).has("replacementFailed"));
        assertThat(worker(failed).get("replacementFailed").get("error").asText())
            .contains("refused by the test's marker file");
        assertThat(runtime.get("/").statusCode()).isEqualTo(200);
        assertThat(runtime.admin("/healthz/live").statusCode())
            .as("a thread still serves")
            .isEqualTo(200);

        // The second thread stuck too: nothing can serve and no replacement starts.
        assertThat(runtime.get("/?sleep=30").statusCode()).isEqualTo(504);
        HttpResponse<String> live = runtime.admin("/healthz/live");
        assertThat(live.statusCode()).isEqualTo(503);
        assertThat(live.body()).contains("has no worker that can serve").contains("marker file");
        assertThat(runtime.admin("/metrics").body())
            .contains("kubewsgi_workers_able{group=\"%{GLOBAL}\"} 0.0")
            .contains("kubewsgi_workers_replacement_failures_total{group=\"%{GLOBAL}\"}");
        JsonNode retried =
            awaitStatus(
                runtime,
                30,
                s -> worker(s).path("replacementFailed").path("attempts").asInt() >= 2);
        assertThat(worker(retried).get("replacementFailed").get("attempts").asInt())
            .isGreaterThanOrEqualTo(2);
      } finally {
        Files.deleteIfExists(marker);
      }
      // The next attempt succeeds: a warm worker serves and the pod is alive again.
      awaitStatus(
          runtime,
          120,
          s -> !worker(s).has("replacementFailed") && worker(s).get("able").asBoolean());
      assertThat(runtime.admin("/healthz/live").statusCode()).isEqualTo(200);
      assertThat(runtime.get("/").statusCode()).isEqualTo(200);
    }

    private JsonNode worker(JsonNode status) {
      return status.get("groups").get(0).get("workers").get(0);
    }
  }

  @Nested
  class ByTimeAndMemory extends RuntimePerClass {
    @Override
    String name() {
      return "worker-recycling";
    }

    @Override
    String yaml() {
      return resource(
          "/",
          "counter.py",
          """
          warmup:
            untilSettled: false
            requests: [{path: /, count: 3}]
          lifecycle:
            restartIntervalSeconds: 2
            heapLimitMiB: 1
            gracefulTimeoutSeconds: 1
          """);
    }

    @Test
    void workersAreReplacedAfterTheIntervalAndAboveTheHeapLimitWithoutAFailedRequest()
        throws Exception {
      long deadline = System.nanoTime() + 180_000_000_000L;
      JsonNode reasons = status(runtime).get("recycleReasons");
      while (!(reasons.has("restart-interval") && reasons.has("heap-limit"))
          && System.nanoTime() < deadline) {
        HttpResponse<String> r = runtime.get("/");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        Thread.sleep(50);
        reasons = status(runtime).get("recycleReasons");
      }
      assertThat(reasons.has("restart-interval")).as(reasons.toString()).isTrue();
      assertThat(reasons.has("heap-limit")).as(reasons.toString()).isTrue();
      assertThat(runtime.admin("/healthz/live").statusCode()).isEqualTo(200);
    }
  }
}
