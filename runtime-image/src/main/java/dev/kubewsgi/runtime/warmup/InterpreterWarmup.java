package dev.kubewsgi.runtime.warmup;

import dev.kubewsgi.runtime.admin.RuntimeStatus;
import dev.kubewsgi.runtime.dispatch.MountTable;
import dev.kubewsgi.runtime.dispatch.Worker;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Warms one worker's interpreter through its real request path ({@link Worker#serve}): the plan's
 * requests at their counts, then, until settled, blocks of them until {@link SettleRule} holds.
 */
public final class InterpreterWarmup {

  private static final Logger log = LoggerFactory.getLogger(InterpreterWarmup.class);

  private static final long MIN_BLOCK_NANOS = 250_000_000L;

  /** The nice value of warm-up threads at boot (Linux: 19 is the lowest priority). */
  public static final int BOOT_NICE = 19;

  /** System property overriding {@link #BOOT_NICE}; 0 warms on the boot thread as is. */
  public static final String NICE_PROPERTY = "kubewsgi.warmupNice";

  private final JitActivity jit = new JitActivity();
  private final WarmupPlan plan;
  private final MountTable mounts;
  private final RuntimeStatus status;
  // A default request answered with an error is logged once per request, not per worker or block.
  private final Set<String> warned = ConcurrentHashMap.newKeySet();

  public InterpreterWarmup(WarmupPlan plan, MountTable mounts, RuntimeStatus status) {
    this.plan = plan;
    this.mounts = mounts;
    this.status = status;
  }

  /**
   * Warms {@code worker} on a thread of its own at {@link #BOOT_NICE}: used at boot, when nothing
   * serves yet. The warm-up's requests then take only what Truffle's and HotSpot's compiler threads
   * leave, which is what ends warm-up sooner: the JIT's work is the time to Ready, and interpreted
   * requests competing with it for the cores only delay it (bench/RESULTS.md). So a request may
   * wait seconds for the cores: the request timeout does not apply, the start-up timeout does.
   */
  public void runBelowCompilers(Worker worker, long deadlineNanos) throws WarmupFailure {
    int nice = Integer.getInteger(NICE_PROPERTY, BOOT_NICE);
    if (nice <= 0) {
      run(worker, deadlineNanos);
      return;
    }
    String id = worker.interpreter().id();
    // A thread of its own: a thread's nice value cannot be lowered again without privilege.
    FutureTask<Void> task =
        new FutureTask<>(
            () -> {
              ThreadNice.raise(nice)
                  .ifPresent(e -> log.warn("[{}] warm-up at normal priority: {}", id, e));
              warm(worker, deadlineNanos, false);
              return null;
            });
    Thread thread = Thread.ofPlatform().name("kubewsgi-warmup-" + id).daemon(true).start(task);
    try {
      task.get();
    } catch (InterruptedException e) {
      thread.interrupt();
      Thread.currentThread().interrupt();
      throw new WarmupFailure("warm-up of " + id + " interrupted");
    } catch (ExecutionException e) {
      switch (e.getCause()) {
        case WarmupFailure failure -> throw failure;
        case RuntimeException unchecked -> throw unchecked;
        case Error error -> throw error;
        default -> throw new IllegalStateException(e.getCause());
      }
    }
  }

  /** Warms {@code worker}; stops early, logged, at {@code deadlineNanos} (System.nanoTime). */
  public void run(Worker worker, long deadlineNanos) throws WarmupFailure {
    warm(worker, deadlineNanos, true);
  }

  // timed: each request bounded by the request timeout, as live ones are.
  private void warm(Worker worker, long deadlineNanos, boolean timed) throws WarmupFailure {
    String id = worker.interpreter().id();
    if (!plan.enabled()) {
      status.warmup(
          id, new RuntimeStatus.WarmupProgress(0, 0, false, null, WarmupPlan.DISABLED_NOTE));
      return;
    }
    List<WarmupRequest> requests = plan.requests();
    if (requests.isEmpty()) {
      status.warmup(
          id, new RuntimeStatus.WarmupProgress(0, 0, false, null, "no application to warm"));
      return;
    }
    if (plan.timeoutSeconds() != null) {
      deadlineNanos =
          Math.min(deadlineNanos, System.nanoTime() + plan.timeoutSeconds() * 1_000_000_000L);
    }
    long planned = plan.declaredTotal();
    long start = System.nanoTime();
    long done = 0;
    for (WarmupRequest request : requests) {
      for (int k = 0; k < request.count(); k++) {
        if (System.nanoTime() > deadlineNanos) {
          finish(
              id,
              done,
              planned,
              false,
              null,
              null,
              "time bound reached after " + done + " requests");
          return;
        }
        send(worker, request, done / requests.size(), timed);
        done++;
        if (done % 500 == 0) {
          status.warmup(
              id,
              new RuntimeStatus.WarmupProgress(done, planned, false, null, "declared requests"));
        }
      }
    }
    if (!plan.untilSettled()) {
      finish(id, done, planned, false, null, null, "fixed counts done in " + millis(start) + " ms");
      return;
    }
    settle(worker, id, done, planned, deadlineNanos, timed);
  }

  // Blocks of the plan's requests, each blockSize requests and MIN_BLOCK_NANOS at least (so the
  // JIT reading means something), until the settle rule holds or a bound is reached.
  private void settle(
      Worker worker, String id, long done, long planned, long deadlineNanos, boolean timed)
      throws WarmupFailure {
    List<WarmupRequest> requests = plan.requests();
    SettleRule rule = new SettleRule(SettleRule.PATIENCE_BLOCKS, plan.settleThresholdPercent());
    long max = plan.maxRequestsPerWorker();
    long[] latencies = new long[plan.blockSize()];
    Double median = null;
    while (done < max) {
      long blockStart = System.nanoTime();
      long jitStart = jit.nanos();
      int n = 0;
      while ((n < plan.blockSize() || System.nanoTime() - blockStart < MIN_BLOCK_NANOS)
          && done < max) {
        if (System.nanoTime() > deadlineNanos) {
          finish(
              id, done, planned, false, median, null, "time bound reached before latency settled");
          return;
        }
        long t0 = System.nanoTime();
        send(worker, requests.get((int) (done % requests.size())), done / requests.size(), timed);
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
      boolean settled = rule.observe(median, wall, jitNanos);
      status.warmup(
          id,
          new RuntimeStatus.WarmupProgress(
              done,
              Math.max(planned, done),
              false,
              median,
              round(100.0 * jitNanos / wall),
              "until settled"));
      if (settled) {
        double busy = rule.windowJitPercent();
        finish(
            id,
            done,
            done,
            true,
            median,
            round(busy),
            "settled: block median "
                + Math.round(median)
                + " us, JIT busy "
                + Math.round(busy)
                + "% over the last "
                + rule.patience()
                + " blocks");
        return;
      }
    }
    finish(id, done, done, false, median, null, "stopped at maxRequestsPerWorker=" + max);
  }

  private void send(Worker worker, WarmupRequest request, long profile, boolean timed)
      throws WarmupFailure {
    SyntheticExchange exchange = new SyntheticExchange(request, profile);
    MountTable.Route route = mounts.match(MountTable.decodePath(exchange.rawPath()));
    if (timed) {
      worker.warm(exchange, route);
    } else {
      worker.warmUntimed(exchange, route);
    }
    int got = exchange.status();
    if (!request.accepts(got)) {
      throw new WarmupFailure(
          "warm-up request "
              + request.describe()
              + " got status "
              + got
              + " in interpreter "
              + worker.interpreter().id()
              + ", expected "
              + (request.expectStatus() != null ? request.expectStatus() : "below 500")
              + "; the log has the application's traceback");
    }
    if (!request.declared() && got >= 500 && warned.add(request.field())) {
      log.warn(
          "{} got status {}: warm-up goes on (any status is accepted by default), but declare"
              + " spec.warmup.requests with routes that succeed to warm what users reach",
          request.describe(),
          got);
    }
  }

  private void finish(
      String id,
      long done,
      long planned,
      boolean settled,
      Double median,
      Double jitBusy,
      String note) {
    status.warmup(
        id, new RuntimeStatus.WarmupProgress(done, planned, settled, median, jitBusy, note));
    log.info("[{}] warm-up: {} requests, {}", id, done, note);
  }

  private static Double round(double percent) {
    return Math.round(percent * 10) / 10.0;
  }

  private static long millis(long startNanos) {
    return (System.nanoTime() - startNanos) / 1_000_000;
  }
}
