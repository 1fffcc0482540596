package dev.kubewsgi.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * An overloaded group over real HTTP: one thread busy, a queue of two. A third waiting request is
 * shed at once; the waiting ones get their 503 when the queue timeout is up, while the thread is
 * still busy; all with Retry-After, all counted.
 */
class LoadSheddingGraalPyTest extends RuntimePerClass {

  @Override
  String name() {
    return "shedding";
  }

  @Override
  String yaml() {
    return resource(
        "/",
        "sleepy.py",
        """
        workers: 1
        threads: 1
        warmup: {untilSettled: false, requests: [{path: /, count: 3}]}
        lifecycle: {queueTimeoutSeconds: 1, maxQueuedRequests: 2, requestTimeoutSeconds: 30}
        """);
  }

  @Test
  void aFullQueueShedsAtOnceAndWaitingRequestsTimeOutWhileTheThreadIsBusy() throws Exception {
    long start = System.nanoTime();
    CompletableFuture<HttpResponse<String>> busy = async("/?sleep=4");
    Thread.sleep(300); // the thread has taken it
    List<CompletableFuture<HttpResponse<String>>> waiting = new ArrayList<>();
    List<Long> waitingAnsweredMillis = new ArrayList<>();
    for (int i = 0; i < 2; i++) {
      CompletableFuture<HttpResponse<String>> r = async("/?n=" + i);
      r.thenRun(() -> waitingAnsweredMillis.add((System.nanoTime() - start) / 1_000_000));
      waiting.add(r);
    }
    Thread.sleep(200); // both are queued

    long shedStart = System.nanoTime();
    HttpResponse<String> shed = runtime.get("/?n=shed");
    long shedMillis = (System.nanoTime() - shedStart) / 1_000_000;
    assertThat(shed.statusCode()).isEqualTo(503);
    assertThat(shed.body()).contains("2 requests are already waiting");
    assertThat(shed.headers().firstValue("Retry-After")).hasValue("1");
    assertThat(shedMillis).as("shed without waiting").isLessThan(900);

    for (CompletableFuture<HttpResponse<String>> r : waiting) {
      HttpResponse<String> response = r.get();
      assertThat(response.statusCode()).isEqualTo(503);
      assertThat(response.body()).contains("no worker was free within 1 s");
      assertThat(response.headers().firstValue("Retry-After")).hasValue("1");
    }
    // Answered at their timeout (about 1.5 s after start), well before the busy thread freed (4.3
    // s).
    assertThat(waitingAnsweredMillis).allSatisfy(ms -> assertThat(ms).isBetween(1_000L, 3_500L));
    assertThat(busy.get().statusCode()).isEqualTo(200);

    String metrics = runtime.admin("/metrics").body();
    assertThat(count(metrics, "queue-full")).isEqualTo(1.0);
    assertThat(count(metrics, "queue-timeout")).isEqualTo(2.0);
    // The pool serves on.
    assertThat(runtime.get("/").statusCode()).isEqualTo(200);
  }

  private CompletableFuture<HttpResponse<String>> async(String path) throws Exception {
    return runtime.client.sendAsync(
        java.net.http.HttpRequest.newBuilder(runtime.app(path)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private static double count(String metrics, String reason) {
    Matcher m =
        Pattern.compile("kubewsgi_requests_rejected_total\\{reason=\"" + reason + "\"\\} (\\S+)")
            .matcher(metrics);
    assertThat(m.find()).as(metrics).isTrue();
    return Double.parseDouble(m.group(1));
  }
}
