package dev.kubewsgi.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kubewsgi.api.ExitCode;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A request whose application allocates without limit (issue: "a worker's memory runs away"). The
 * runtime runs as the launchers run it, with {@code -XX:+ExitOnOutOfMemoryError}: the other worker
 * serves while one runs away, then the process exits with code 3 and nothing else fails but what
 * was in flight. Without the flag (measured once by hand) the OutOfMemoryError killed the HTTP
 * event loop thread and the process lived on without serving: the case this rules out.
 */
class MemoryRunawayGraalPyTest {

  @TempDir Path dir;

  @Test
  void aRunawayRequestEndsTheProcessWithExitCode3AndFailsOnlyWhatWasInFlight() throws Exception {
    int port = RuntimeProcess.freePort();
    int adminPort = RuntimeProcess.freePort();
    Path resource =
        RuntimeProcess.resource(
            dir,
            "workers: 2\n"
                + "applications: [{mount: /, script: "
                + RuntimeHarness.fixtures().resolve("runaway.py")
                + "}]\n"
                + "warmup: {untilSettled: false, maxRequestsPerWorker: 200}\n");
    RuntimeProcess runtime =
        RuntimeProcess.start(
            dir, resource, port, adminPort, List.of("-Xmx384m", "-XX:+ExitOnOutOfMemoryError"));
    Process process = runtime.process();
    try {
      assertThat(runtime.awaitReady(adminPort, Duration.ofMinutes(5))).as(log()).isTrue();
      HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
      URI hello = URI.create("http://127.0.0.1:" + port + "/");

      // A well-behaved client, one request at a time, until the process is gone.
      AtomicBoolean growSent = new AtomicBoolean();
      AtomicInteger servedDuringRunaway = new AtomicInteger();
      AtomicInteger failedInFlight = new AtomicInteger();
      CompletableFuture<Void> steady =
          CompletableFuture.runAsync(
              () -> {
                while (process.isAlive()) {
                  boolean during = growSent.get();
                  try {
                    HttpResponse<String> response =
                        client.send(
                            HttpRequest.newBuilder(hello).timeout(Duration.ofSeconds(60)).build(),
                            HttpResponse.BodyHandlers.ofString());
                    if (response.statusCode() == 200 && during) {
                      servedDuringRunaway.incrementAndGet();
                    } else if (response.statusCode() != 200) {
                      failedInFlight.incrementAndGet();
                    }
                  } catch (ConnectException e) {
                    // Refused: sent after the process was gone, never in flight here.
                  } catch (IOException e) {
                    failedInFlight.incrementAndGet();
                  } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                  }
                }
              });
      Thread.sleep(500);

      growSent.set(true);
      int growStatus;
      try {
        growStatus =
            client
                .send(
                    HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/grow"))
                        .timeout(Duration.ofSeconds(120))
                        .build(),
                    HttpResponse.BodyHandlers.discarding())
                .statusCode();
      } catch (IOException e) {
        growStatus = -1; // the connection closed with the process
      }

      assertThat(process.waitFor(120, TimeUnit.SECONDS)).as(log()).isTrue();
      steady.get(60, TimeUnit.SECONDS);
      assertThat(growStatus).as("the runaway request is not answered").isEqualTo(-1);
      assertThat(process.exitValue()).as(log()).isEqualTo(ExitCode.OUT_OF_MEMORY.code());
      assertThat(log()).contains("Terminating due to java.lang.OutOfMemoryError");
      assertThat(servedDuringRunaway.get())
          .as("requests the other worker served while one ran away")
          .isPositive();
      assertThat(failedInFlight.get())
          .as("the steady client's failed requests: at most its one in flight at the exit")
          .isLessThanOrEqualTo(1);
    } finally {
      process.destroyForcibly();
    }
  }

  @Test
  void bothLaunchersEndTheProcessOnOutOfMemory() throws IOException {
    // Surefire runs in the module's folder: the image's launcher and the repository's.
    for (Path launcher : List.of(Path.of("image/kubewsgi.sh"), Path.of("../kubewsgi"))) {
      assertThat(Files.readString(launcher))
          .as(launcher.toString())
          .contains("-XX:+ExitOnOutOfMemoryError");
    }
  }

  private String log() throws IOException {
    Path out = dir.resolve("out.log");
    return Files.exists(out) ? Files.readString(out) : "";
  }
}
