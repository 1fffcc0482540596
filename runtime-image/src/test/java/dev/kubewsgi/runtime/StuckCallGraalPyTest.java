package dev.kubewsgi.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * A Python call that never returns (libc's pause() through ctypes: native code no interrupt
 * reaches): the client gets its 504, the other worker serves on, a warm replacement takes the stuck
 * worker's place, and the stuck context is abandoned and reported, not waited for, so the next
 * stuck call is handled the same way.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class StuckCallGraalPyTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private RuntimeHarness runtime;

  @BeforeAll
  void boot() throws Exception {
    runtime =
        RuntimeHarness.start(
            "stuck",
            """
            apiVersion: kubewsgi.dev/v1alpha1
            kind: WsgiProcessGroup
            metadata: {name: stuck}
            spec:
              workers: 2
              threads: 1
              applications:
                - {mount: /, script: stuck.py}
              warmup:
                untilSettled: false
                requests:
                  - {path: /, count: 3}
              lifecycle:
                requestTimeoutSeconds: 2
                drainDelaySeconds: 0
                gracefulTimeoutSeconds: 1
            """);
    runtime.awaitBoot();
  }

  @AfterAll
  void stop() {
    runtime.close();
  }

  @Test
  void twoCallsThatNeverReturnGet504AndTheirWorkersAreReplacedAndAbandoned() throws Exception {
    for (int round = 1; round <= 2; round++) {
      long started = System.nanoTime();
      HttpResponse<String> stuck = runtime.get("/?pause");
      assertThat(stuck.statusCode()).as("round %d", round).isEqualTo(504);
      assertThat((System.nanoTime() - started) / 1e9).as("seconds to the 504").isLessThan(30);
      // The other worker serves meanwhile.
      assertThat(runtime.get("/").statusCode()).isEqualTo(200);
      int expected = round;
      JsonNode status = awaitStatus(s -> s.path("abandonedInterpreters").size() >= expected);
      assertThat(status.path("recycledWorkers").asLong()).isEqualTo(round);
      assertThat(status.path("abandonedInterpreters")).hasSize(round);
      assertThat(status.path("abandonedInterpreters").get(round - 1).path("reason").asText())
          .isEqualTo("request-timeout");
    }
    // Both replacements serve: every request answers 200.
    for (int i = 0; i < 20; i++) {
      assertThat(runtime.get("/").statusCode()).isEqualTo(200);
    }
    assertThat(runtime.admin("/healthz/ready").statusCode()).isEqualTo(200);
    // As many abandoned as the pod has workers: liveness fails, so the kubelet restarts it.
    HttpResponse<String> live = runtime.admin("/healthz/live");
    assertThat(live.statusCode()).isEqualTo(503);
    assertThat(live.body()).contains("2 interpreters abandoned");
    assertThat(runtime.admin("/metrics").body()).contains("kubewsgi_workers_abandoned");
  }

  private JsonNode awaitStatus(java.util.function.Predicate<JsonNode> done) throws Exception {
    JsonNode status = null;
    for (int i = 0; i < 600; i++) {
      status = JSON.readTree(runtime.admin("/status").body());
      if (done.test(status)) {
        return status;
      }
      Thread.sleep(100);
    }
    throw new AssertionError("timed out; last /status: " + status);
  }
}
