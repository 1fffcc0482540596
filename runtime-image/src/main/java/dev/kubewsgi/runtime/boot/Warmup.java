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
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the declared warm-up requests through a worker's real request path ({@link Worker#serve}),
 * then, with {@code untilSettled}, blocks of them until the median latency stops improving and the
 * JIT has gone quiet.
 */
final class Warmup {

  private static final Logger log = LoggerFactory.getLogger(Warmup.class);

  /** Blocks in a row without a better median, with the JIT quiet over them, before warm-up ends. */
  static final int PATIENCE_BLOCKS = 3;

  /** The JIT counts as quiet below this share of wall time (all compiler threads together). */
  static final double JIT_QUIET_PERCENT = 10.0;

  private static final long MIN_BLOCK_NANOS = 250_000_000L;

  private final JitActivity jit = new JitActivity();
  private final WarmupSpec spec;
  private final MountTable mounts;
  private final RuntimeStatus status;
  // Built once per declared request: a bodySize of a few MiB is not re-made per warm-up request.
  private final Map<WarmupRequestSpec, byte[]> bodies = new ConcurrentHashMap<>();

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
    long planned = declaredTotal(requests);
    long start = System.nanoTime();
    long done = 0;
    for (int i = 0; i < requests.size(); i++) {
      WarmupRequestSpec request = requests.get(i);
      int count = declaredCount(request);
      for (int k = 0; k < count; k++) {
        if (System.nanoTime() > deadlineNanos) {
          finish(id, done, planned, false, null, "time bound reached after " + done + " requests");
          return;
        }
        send(worker, request, i, done / requests.size());
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
    settle(worker, requests, id, done, planned, deadlineNanos);
  }

  /**
   * Runs blocks of the declared requests until the worker is warm: the block median has not
   * improved on the best one for {@link #PATIENCE_BLOCKS} blocks, and the JIT was quiet over those
   * blocks. A flat median alone is not enough: with the compile queue full, latency stays flat for
   * seconds and then drops again when the next batch of compiled code lands.
   */
  private void settle(Worker worker, List<WarmupRequestSpec> requests, String id, long done, long planned,
      long deadlineNanos) throws BootFailure {
    int blockSize = spec.getBlockSize() == null ? 1000 : spec.getBlockSize();
    int threshold = spec.getSettleThresholdPercent() == null ? 5 : spec.getSettleThresholdPercent();
    long max = spec.getMaxRequestsPerWorker() == null ? 200_000 : spec.getMaxRequestsPerWorker();
    long[] latencies = new long[blockSize];
    long[] windowWall = new long[PATIENCE_BLOCKS];
    long[] windowJit = new long[PATIENCE_BLOCKS];
    double best = Double.MAX_VALUE;
    Double median = null;
    int flat = 0;
    int blocks = 0;
    while (done < max) {
      long blockStart = System.nanoTime();
      long jitStart = jit.nanos();
      int n = 0;
      // A block is blockSize requests and at least MIN_BLOCK_NANOS, so the JIT reading means something.
      while ((n < blockSize || System.nanoTime() - blockStart < MIN_BLOCK_NANOS) && done < max) {
        if (System.nanoTime() > deadlineNanos) {
          finish(id, done, planned, false, median, null, "time bound reached before latency settled");
          return;
        }
        int which = (int) (done % requests.size());
        long t0 = System.nanoTime();
        send(worker, requests.get(which), which, done / requests.size());
        if (n == latencies.length) {
          latencies = Arrays.copyOf(latencies, n * 2);
        }
        latencies[n++] = System.nanoTime() - t0;
        done++;
      }
      long wall = System.nanoTime() - blockStart;
      long jitNanos = Math.max(0, jit.nanos() - jitStart);
      Arrays.sort(latencies, 0, n);
      median = latencies[n / 2] / 1000.0;
      windowWall[blocks % PATIENCE_BLOCKS] = wall;
      windowJit[blocks % PATIENCE_BLOCKS] = jitNanos;
      blocks++;
      double jitBusy = 100.0 * jitNanos / wall;
      if (median < best * (100 - threshold) / 100.0) {
        flat = 0;
      } else {
        flat++;
      }
      best = Math.min(best, median);
      double windowBusy = 100.0 * Arrays.stream(windowJit).sum() / Arrays.stream(windowWall).sum();
      status.warmup(id, new RuntimeStatus.WarmupProgress(
          done, Math.max(planned, done), false, median, round(jitBusy), "until settled"));
      if (flat >= PATIENCE_BLOCKS && windowBusy < JIT_QUIET_PERCENT) {
        finish(id, done, done, true, median, round(windowBusy), "settled: block median "
            + Math.round(median) + " us, JIT busy " + Math.round(windowBusy) + "% over the last "
            + PATIENCE_BLOCKS + " blocks");
        return;
      }
    }
    finish(id, done, done, false, median, null, "stopped at maxRequestsPerWorker=" + max);
  }

  private void send(Worker worker, WarmupRequestSpec request, int index, long profile) throws BootFailure {
    byte[] body = bodies.computeIfAbsent(request, Warmup::declaredBody);
    String method = request.getMethod() == null ? "GET" : request.getMethod();
    SyntheticExchange exchange =
        new SyntheticExchange(method, request.getPath(),
            ClientHeaders.mix(request.getHeaders(), profile, body.length), body);
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
    finish(id, done, planned, settled, median, null, note);
  }

  private void finish(String id, long done, long planned, boolean settled, Double median, Double jitBusy,
      String note) {
    status.warmup(id, new RuntimeStatus.WarmupProgress(done, planned, settled, median, jitBusy, note));
    log.info("[{}] warm-up: {} requests, {}", id, done, note);
  }

  /** A request's declared count; the API's default when the resource left it out. */
  static int declaredCount(WarmupRequestSpec request) {
    return request.getCount() == null ? 1000 : request.getCount();
  }

  /** A request's declared body: body as UTF-8, repeated (or "x" when unset) to bodySize bytes if set. */
  static byte[] declaredBody(WarmupRequestSpec request) {
    byte[] body = request.getBody() == null ? new byte[0] : request.getBody().getBytes(StandardCharsets.UTF_8);
    if (request.getBodySize() == null) {
      return body;
    }
    byte[] fill = body.length == 0 ? new byte[] {'x'} : body;
    byte[] sized = new byte[request.getBodySize()];
    for (int at = 0; at < sized.length; at += fill.length) {
      System.arraycopy(fill, 0, sized, at, Math.min(fill.length, sized.length - at));
    }
    return sized;
  }

  static long declaredTotal(List<WarmupRequestSpec> requests) {
    return requests.stream().mapToLong(Warmup::declaredCount).sum();
  }

  private static Double round(double percent) {
    return Math.round(percent * 10) / 10.0;
  }

  private static long millis(long startNanos) {
    return (System.nanoTime() - startNanos) / 1_000_000;
  }
}
