package dev.kubewsgi.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.kubewsgi.runtime.lifecycle.Drain;
import java.net.ConnectException;
import java.net.Socket;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Request timeout, recycling after maximumRequests with a warm replacement, and the SIGTERM drain.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class LifecycleGraalPyTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private RuntimeHarness runtime;

  @BeforeAll
  void boot() throws Exception {
    runtime =
        RuntimeHarness.start(
            "lifecycle",
            """
            apiVersion: kubewsgi.dev/v1alpha1
            kind: WsgiProcessGroup
            metadata: {name: lifecycle}
            spec:
              workers: 1
              threads: 2
              applications:
                - {mount: /, script: sleepy.py}
              warmup:
                untilSettled: false
                requests:
                  - {path: /, count: 3}
              lifecycle:
                requestTimeoutSeconds: 2
                drainDelaySeconds: 0
                gracefulTimeoutSeconds: 20
                maximumRequests: 40
            """);
    runtime.awaitBoot();
  }

  @AfterAll
  void stop() {
    runtime.close();
  }

  @Test
  @Order(1)
  void workerIsRecycledAfterMaximumRequestsWithoutFailingARequest() throws Exception {
    Set<String> tokens = new HashSet<>();
    // Keep requesting until a new interpreter (a new module token) answers; every answer must be
    // 200.
    for (int i = 0; i < 2000 && tokens.size() < 2; i++) {
      HttpResponse<String> response = runtime.get("/");
      assertThat(response.statusCode()).isEqualTo(200);
      tokens.add(response.body());
      if (i > 45) {
        Thread.sleep(50);
      }
    }
    assertThat(tokens).hasSize(2);
    var status = JSON.readTree(runtime.admin("/status").body());
    assertThat(status.get("recycledWorkers").asLong()).isGreaterThanOrEqualTo(1);
    assertThat(status.get("groups").get(0).get("workers").get(0).get("generation").asInt())
        .isGreaterThanOrEqualTo(2);
    assertThat(runtime.admin("/healthz/ready").statusCode()).isEqualTo(200);
  }

  @Test
  @Order(2)
  void requestRunningPastTheTimeoutGets504AndAWarmWorkerReplacesTheStuckOne() throws Exception {
    long recycledBefore = recycled();
    HttpResponse<String> slow = runtime.get("/?sleep=8");
    assertThat(slow.statusCode()).isEqualTo(504);
    // The worker's other thread serves on while the replacement warms up.
    assertThat(runtime.get("/").statusCode()).isEqualTo(200);
    for (int i = 0; i < 1200 && recycled() == recycledBefore; i++) {
      Thread.sleep(100);
    }
    assertThat(recycled()).isEqualTo(recycledBefore + 1);
    assertThat(runtime.get("/").statusCode()).isEqualTo(200);
  }

  private long recycled() throws Exception {
    return JSON.readTree(runtime.admin("/status").body()).get("recycledWorkers").asLong();
  }

  @Test
  @Order(3)
  void
      drainFailsReadinessAtOnceServesTheDelayWithConnectionCloseFinishesInFlightThenStopsAccepting()
          throws Exception {
    int port = runtime.port();
    CompletableFuture<HttpResponse<String>> inFlight =
        runtime.client.sendAsync(
            HttpRequest.newBuilder(runtime.app("/?sleep=1.5")).build(),
            HttpResponse.BodyHandlers.ofString());
    Thread.sleep(300);
    Drain drain = new Drain(runtime.awaitBoot(), runtime.readiness);
    CompletableFuture<Boolean> drained =
        CompletableFuture.supplyAsync(
            () -> {
              try {
                return drain.run(Duration.ofSeconds(2));
              } catch (InterruptedException e) {
                throw new IllegalStateException(e);
              }
            });
    // Readiness fails as soon as the drain starts, before in-flight requests end.
    while (runtime.readiness.ready()) {
      Thread.sleep(10);
    }
    HttpResponse<String> ready = runtime.admin("/healthz/ready");
    assertThat(ready.statusCode()).isEqualTo(503);
    assertThat(ready.body()).contains("\"draining\" : true");

    // During the drain delay a keep-alive request is still served, and its connection then ends,
    // so the client reconnects to a pod that is still in the endpoints.
    try (Socket socket = new Socket("127.0.0.1", port)) {
      socket.setSoTimeout(10_000);
      socket
          .getOutputStream()
          .write("GET / HTTP/1.1\r\nHost: t\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
      String response =
          new String(socket.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
      assertThat(response)
          .startsWith("HTTP/1.1 200 ")
          .containsIgnoringCase("\r\nconnection: close\r\n");
    }

    assertThat(inFlight.get().statusCode()).isEqualTo(200);
    assertThat(drained.get()).isTrue();
    assertThatThrownBy(() -> new Socket("127.0.0.1", port).close())
        .isInstanceOf(ConnectException.class);
  }
}
