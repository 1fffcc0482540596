package dev.kubewsgi.runtime.boot;

import dev.kubewsgi.api.spec.WarmupRequestSpec;
import dev.kubewsgi.api.spec.WarmupSpec;
import dev.kubewsgi.runtime.ExitCode;
import dev.kubewsgi.runtime.admin.RuntimeStatus;
import dev.kubewsgi.runtime.dispatch.MountTable;
import dev.kubewsgi.runtime.dispatch.Worker;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the declared warm-up requests through a worker's real request path ({@link Worker#serve}),
 * then, with {@code untilSettled}, blocks of them until the median latency stops improving.
 */
final class Warmup {

  private static final Logger log = LoggerFactory.getLogger(Warmup.class);

  private final WarmupSpec spec;
  private final MountTable mounts;
  private final RuntimeStatus status;

  Warmup(WarmupSpec spec, MountTable mounts, RuntimeStatus status) {
    this.spec = spec;
    this.mounts = mounts;
    this.status = status;
  }

  /** Warms {@code worker}; stops early, logged, at {@code deadlineNanos} (System.nanoTime). */
  void run(Worker worker, long deadlineNanos) throws BootFailure {
    String id = worker.interpreter().id();
    List<WarmupRequestSpec> requests = spec.getRequests() == null ? List.of() : spec.getRequests();
    if (requests.isEmpty()) {
      status.warmup(id, new RuntimeStatus.WarmupProgress(0, 0, false, null, "no warm-up declared"));
      return;
    }
    if (spec.getTimeoutSeconds() != null) {
      deadlineNanos = Math.min(deadlineNanos, System.nanoTime() + spec.getTimeoutSeconds() * 1_000_000_000L);
    }
    long planned = requests.stream().mapToLong(r -> r.getCount() == null ? 1000 : r.getCount()).sum();
    long start = System.nanoTime();
    long done = 0;
    for (int i = 0; i < requests.size(); i++) {
      WarmupRequestSpec request = requests.get(i);
      int count = request.getCount() == null ? 1000 : request.getCount();
      for (int k = 0; k < count; k++) {
        if (System.nanoTime() > deadlineNanos) {
          finish(id, done, planned, false, null, "time bound reached after " + done + " requests");
          return;
        }
        send(worker, request, i);
        done++;
        if (done % 500 == 0) {
          status.warmup(id, new RuntimeStatus.WarmupProgress(done, planned, false, null, "declared requests"));
        }
      }
    }
    if (!spec.isUntilSettled()) {
      finish(id, done, planned, false, null, "declared requests done in " + millis(start) + " ms");
      return;
    }
    int blockSize = spec.getBlockSize() == null ? 1000 : spec.getBlockSize();
    int threshold = spec.getSettleThresholdPercent() == null ? 5 : spec.getSettleThresholdPercent();
    long max = spec.getMaxRequestsPerWorker() == null ? 200_000 : spec.getMaxRequestsPerWorker();
    long[] latencies = new long[blockSize];
    Double previous = null;
    while (done < max) {
      for (int k = 0; k < blockSize; k++) {
        if (System.nanoTime() > deadlineNanos) {
          finish(id, done, planned, false, previous, "time bound reached before latency settled");
          return;
        }
        int which = (int) (done % requests.size());
        long t0 = System.nanoTime();
        send(worker, requests.get(which), which);
        latencies[k] = System.nanoTime() - t0;
        done++;
      }
      Arrays.sort(latencies);
      double median = latencies[blockSize / 2] / 1000.0;
      status.warmup(id, new RuntimeStatus.WarmupProgress(done, Math.max(planned, done), false, median, "until settled"));
      if (previous != null && (previous - median) * 100.0 / previous < threshold) {
        finish(id, done, done, true, median, "settled: block median " + Math.round(median) + " us");
        return;
      }
      previous = median;
    }
    finish(id, done, done, false, previous, "stopped at maxRequestsPerWorker=" + max);
  }

  private void send(Worker worker, WarmupRequestSpec request, int index) throws BootFailure {
    byte[] body = request.getBody() == null ? new byte[0] : request.getBody().getBytes(StandardCharsets.UTF_8);
    String method = request.getMethod() == null ? "GET" : request.getMethod();
    SyntheticExchange exchange = new SyntheticExchange(method, request.getPath(), request.getHeaders(), body);
    MountTable.Route route = mounts.match(MountTable.decodePath(exchange.rawPath()));
    worker.serve(exchange, route);
    int got = exchange.status();
    boolean ok = request.getExpectStatus() != null ? got == request.getExpectStatus() : got > 0 && got < 500;
    if (!ok) {
      throw new BootFailure(
          ExitCode.WARMUP_FAILED,
          "warm-up request spec.warmup.requests[" + index + "] (" + method + " " + request.getPath()
              + ") got status " + got + " in interpreter " + worker.interpreter().id() + ", expected "
              + (request.getExpectStatus() != null ? request.getExpectStatus() : "below 500")
              + "; the log has the application's traceback",
          null);
    }
  }

  private void finish(String id, long done, long planned, boolean settled, Double median, String note) {
    status.warmup(id, new RuntimeStatus.WarmupProgress(done, planned, settled, median, note));
    log.info("[{}] warm-up: {} requests, {}", id, done, note);
  }

  private static long millis(long startNanos) {
    return (System.nanoTime() - startNanos) / 1_000_000;
  }
}
