package dev.kubewsgi.runtime.lifecycle;

import dev.kubewsgi.runtime.BootFailure;
import dev.kubewsgi.runtime.admin.RuntimeStatus;
import dev.kubewsgi.runtime.config.ApplicationGroup;
import dev.kubewsgi.runtime.config.RuntimeConfig;
import dev.kubewsgi.runtime.dispatch.Worker;
import dev.kubewsgi.runtime.dispatch.WorkerPool;
import dev.kubewsgi.runtime.http.HttpServer;
import dev.kubewsgi.runtime.interp.Interpreter;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import org.graalvm.polyglot.Engine;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Owns the running workers, as gunicorn's arbiter does: replaces a worker with one started,
 * preloaded and warmed before the old one stops taking requests (after maximumRequests, a request
 * timeout, restartIntervalSeconds, or when the heap after GC passes heapLimitMiB), one at a time;
 * retries a failed replacement with backoff; says when the pod can no longer serve; shuts down.
 */
public final class Supervisor implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(Supervisor.class);

  /**
   * First wait before a failed replacement is tried again; it doubles up to {@link #MAX_BACKOFF}.
   */
  static final Duration FIRST_BACKOFF = Duration.ofSeconds(1);

  static final Duration MAX_BACKOFF = Duration.ofMinutes(5);

  /**
   * How long a replaced worker's interpreter may take to close (cancelling what still runs in it)
   * before it is abandoned: a call in native code that never returns cannot be cancelled.
   */
  static final Duration CLOSE_BOUND = Duration.ofSeconds(10);

  /** An interpreter that did not close: a call in it never returned. Its thread stays blocked. */
  private record Abandoned(String interpreter, String reason, long sinceMillis) {}

  /** A replacement that failed, kept until one succeeds. */
  private record RecycleFailure(
      String reason, int attempts, String error, long nextAttemptMillis) {}

  private final Engine engine;
  private final RuntimeConfig config;
  private final Map<String, WorkerPool> pools;
  private final WorkerFactory starter;
  private final ScheduledExecutorService timers;
  private final RuntimeStatus status;
  private final MeterRegistry registry;
  // One replacement at a time: a new interpreter's start-up uses both cores.
  private final ExecutorService recycler =
      Executors.newSingleThreadExecutor(
          Interpreter.pythonThread().name("kubewsgi-recycler").factory());
  // Each close on a thread of its own, as one that never ends keeps its thread.
  private final ExecutorService closer =
      Executors.newCachedThreadPool(
          Interpreter.pythonThread().name("kubewsgi-close-", 0).factory());
  private final List<Abandoned> abandoned = new CopyOnWriteArrayList<>();
  private final Map<Worker, RecycleFailure> failing = new ConcurrentHashMap<>();
  // Replacements asked for and not done (queued, starting, or waiting to be retried).
  private final AtomicInteger pending = new AtomicInteger();
  private final HeapAfterGc heap = new HeapAfterGc();
  // The heap limit is judged again only on a reading taken after the last replacement ended.
  private volatile long heapReadingAfter;
  private volatile HttpServer app;
  private volatile boolean closing;

  public Supervisor(
      Engine engine,
      RuntimeConfig config,
      Map<String, WorkerPool> pools,
      WorkerFactory starter,
      ScheduledExecutorService timers,
      RuntimeStatus status,
      MeterRegistry registry) {
    this.engine = engine;
    this.registry = registry;
    this.config = config;
    this.pools = pools;
    this.starter = starter;
    this.timers = timers;
    this.status = status;
    status.groups(this::describeGroups);
    status.abandoned(this::describeAbandoned);
    status.liveness(this::cannotServe);
    Gauge.builder("kubewsgi.workers.abandoned", abandoned, List::size)
        .description("Replaced interpreters that did not close: a call in them never returned")
        .register(registry);
  }

  /** The application server is up: recycling by time and memory starts. */
  public void serving(HttpServer app) {
    this.app = app;
    if (config.lifecycle().getRestartIntervalSeconds() > 0
        || config.lifecycle().getHeapLimitMiB() > 0) {
      timers.scheduleWithFixedDelay(this::sweep, 1, 1, TimeUnit.SECONDS);
    }
  }

  /** The application port. */
  public int port() {
    return app.port();
  }

  public HttpServer app() {
    return app;
  }

  public RuntimeConfig config() {
    return config;
  }

  /**
   * Replaces {@code worker} when it asks: maximumRequests reached, a request timed out, or ours.
   */
  public void watch(Worker worker, WorkerPool pool) {
    worker.onRecycle(w -> queue(() -> recycle(w, pool, 1)));
  }

  private void queue(Runnable recycle) {
    pending.incrementAndGet();
    try {
      recycler.execute(
          () -> {
            try {
              recycle.run();
            } finally {
              pending.decrementAndGet();
            }
          });
    } catch (RejectedExecutionException e) {
      pending.decrementAndGet(); // shutting down
    }
  }

  private void recycle(Worker old, WorkerPool pool, int attempt) {
    if (closing) {
      return;
    }
    String id = old.name();
    String reason = old.recycleReason();
    ApplicationGroup group =
        config.groups().stream()
            .filter(g -> g.name().equals(pool.group()))
            .findFirst()
            .orElseThrow();
    log.info(
        "[{}] recycling ({}; {} requests served, {} busy{}): starting a warm replacement",
        id,
        reason,
        old.served(),
        old.busy(),
        attempt > 1 ? ", attempt " + attempt : "");
    Worker replacement;
    try {
      long deadline =
          System.nanoTime() + config.lifecycle().getStartupTimeoutSeconds() * 1_000_000_000L;
      replacement =
          starter.start(group, old.interpreter().worker(), old.generation() + 1, deadline);
    } catch (BootFailure e) {
      retryLater(old, pool, attempt, reason, e);
      return;
    }
    failing.remove(old);
    watch(replacement, pool);
    pool.replace(old, replacement);
    status.recycled(reason);
    Counter.builder("kubewsgi.workers.recycled")
        .description("Workers replaced by a warm one, by reason")
        .tag("group", pool.group())
        .tag("reason", reason)
        .register(registry)
        .increment();
    try {
      if (!old.awaitStopped(
          Duration.ofSeconds(config.lifecycle().getGracefulTimeoutSeconds() + 1))) {
        log.warn("[{}] old interpreter still busy after the graceful timeout; cancelling it", id);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    closeOrAbandon(old, reason);
    heapReadingAfter = heap.readings();
    log.info("[{}] recycled: generation {} serves now", id, replacement.generation());
  }

  /**
   * Closes the old interpreter, waiting at most {@link #CLOSE_BOUND}: a call blocked in native code
   * (a deadlocked C extension, libc's pause()) ignores the cancel, and waiting for it would stall
   * every later replacement. Such an interpreter is abandoned: reported in /status and the metrics,
   * its memory and one thread kept, and liveness fails once as many are abandoned as the pod has
   * workers, so the kubelet restarts the container (as Apache restarts a stuck daemon process).
   */
  private void closeOrAbandon(Worker old, String reason) {
    String id = old.name();
    CompletableFuture<Void> closed = CompletableFuture.runAsync(old.interpreter()::close, closer);
    try {
      closed.get(CLOSE_BOUND.toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      Abandoned a = new Abandoned(id, reason, System.currentTimeMillis());
      abandoned.add(a);
      closed.whenComplete((v, t) -> abandoned.remove(a)); // should the call return after all
      log.error(
          "[{}] did not close within {} s: a call in it never returned; abandoned ({} of at most {}"
              + " before liveness fails)",
          id,
          CLOSE_BOUND.toSeconds(),
          abandoned.size(),
          abandonBound());
    } catch (ExecutionException e) {
      log.debug("closing {}: {}", id, e.getCause().toString());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** As many abandoned interpreters as the pod has workers: then the container restarts. */
  private int abandonBound() {
    return Math.max(1, pools.values().stream().mapToInt(p -> p.workers().size()).sum());
  }

  private void retryLater(Worker old, WorkerPool pool, int attempt, String reason, BootFailure e) {
    long shift = Math.min(attempt - 1, 20);
    Duration backoff = FIRST_BACKOFF.multipliedBy(1L << shift);
    if (backoff.compareTo(MAX_BACKOFF) > 0) {
      backoff = MAX_BACKOFF;
    }
    Counter.builder("kubewsgi.workers.replacement.failures")
        .description("Replacements that failed to start (they are retried with backoff)")
        .tag("group", pool.group())
        .register(registry)
        .increment();
    failing.put(
        old,
        new RecycleFailure(
            reason, attempt, e.getMessage(), System.currentTimeMillis() + backoff.toMillis()));
    log.error(
        "[{}] replacement failed (attempt {}); the old interpreter {}; trying again in {} s: {}\n{}",
        old.name(),
        attempt,
        old.able() ? "keeps serving" : "cannot serve (its threads are stuck)",
        backoff.toSeconds(),
        e.getMessage(),
        e.traceback());
    pending.incrementAndGet();
    try {
      timers.schedule(
          () -> {
            queue(() -> recycle(old, pool, attempt + 1));
            pending.decrementAndGet(); // after queue() counted it: never 0 in between
          },
          backoff.toMillis(),
          TimeUnit.MILLISECONDS);
    } catch (RejectedExecutionException rejected) {
      pending.decrementAndGet(); // shutting down
    }
  }

  /** Every second: restartIntervalSeconds and heapLimitMiB. */
  private void sweep() {
    if (closing) {
      return;
    }
    try {
      long interval = config.lifecycle().getRestartIntervalSeconds() * 1_000_000_000L;
      if (interval > 0) {
        long now = System.nanoTime();
        for (Worker w : workers()) {
          if (!w.recycleRequested() && now - w.servingSinceNanos() >= interval) {
            w.recycle("restart-interval");
          }
        }
      }
      long limit = config.lifecycle().getHeapLimitMiB() * 1024L * 1024L;
      // One replacement at a time, judged on a heap measured after the last one ended.
      if (limit > 0 && pending.get() == 0 && heap.readings() > heapReadingAfter) {
        long used = heap.bytes();
        if (used > limit) {
          workers().stream()
              .filter(w -> !w.recycleRequested())
              .max(Comparator.comparingLong(Worker::served))
              .ifPresent(
                  w -> {
                    log.info(
                        "heap after GC {} MiB is above heapLimitMiB={}: replacing {}",
                        used >> 20,
                        limit >> 20,
                        w.name());
                    heapReadingAfter = Long.MAX_VALUE; // until this replacement ends
                    w.recycle("heap-limit");
                  });
        }
      }
    } catch (RuntimeException e) {
      log.warn("recycling sweep failed: {}", e.toString());
    }
  }

  /**
   * Liveness: null while every group can serve or a replacement may still help; a reason when a
   * group has no worker that can take a request and its replacement failed.
   */
  private String cannotServe() {
    if (abandoned.size() >= abandonBound()) {
      return abandoned.size()
          + " interpreters abandoned with a call that never returned (each keeps its memory and a"
          + " thread): "
          + abandoned.stream().map(Abandoned::interpreter).toList();
    }
    for (WorkerPool pool : pools.values()) {
      List<Worker> workers = pool.workers();
      if (workers.stream().anyMatch(Worker::able)) {
        continue;
      }
      for (Worker w : workers) {
        RecycleFailure failure = failing.get(w);
        if (failure != null) {
          return "application group "
              + pool.group()
              + " has no worker that can serve, and replacing "
              + w.name()
              + " failed "
              + failure.attempts()
              + " time(s): "
              + failure.error();
        }
      }
    }
    return null;
  }

  /** Groups, workers and queues for /status. */
  private List<Map<String, Object>> describeGroups() {
    List<Map<String, Object>> out = new ArrayList<>();
    for (WorkerPool pool : pools.values()) {
      Map<String, Object> group = new LinkedHashMap<>();
      group.put("name", pool.group());
      group.put("queueDepth", pool.queueDepth());
      List<Map<String, Object>> workers = new ArrayList<>();
      long total = 0;
      for (Worker worker : pool.workers()) {
        Map<String, Object> w = new LinkedHashMap<>();
        w.put("interpreter", worker.interpreter().id());
        w.put("generation", worker.generation());
        w.put("requestsServed", worker.served());
        w.put("busy", worker.busy());
        w.put("able", worker.able());
        if (worker.recycleRequested()) {
          w.put("replacing", worker.recycleReason());
        }
        if (worker.maximumRequests() > 0) {
          w.put("maximumRequests", worker.maximumRequests());
        }
        RecycleFailure failure = failing.get(worker);
        if (failure != null) {
          Map<String, Object> f = new LinkedHashMap<>();
          f.put("reason", failure.reason());
          f.put("attempts", failure.attempts());
          f.put("error", failure.error());
          f.put(
              "nextAttemptInSeconds",
              Math.max(0, (failure.nextAttemptMillis() - System.currentTimeMillis()) / 1000));
          w.put("replacementFailed", f);
        }
        workers.add(w);
        total += worker.served();
      }
      group.put("requestsServed", total);
      group.put("workers", workers);
      out.add(group);
    }
    return out;
  }

  /** Abandoned interpreters for /status. */
  private List<Map<String, Object>> describeAbandoned() {
    List<Map<String, Object>> out = new ArrayList<>();
    for (Abandoned a : abandoned) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("interpreter", a.interpreter());
      m.put("reason", a.reason());
      m.put("secondsAgo", (System.currentTimeMillis() - a.sinceMillis()) / 1000);
      out.add(m);
    }
    return out;
  }

  /** Workers of every group, for drain and tests. */
  public List<Worker> workers() {
    return pools.values().stream().flatMap(p -> p.workers().stream()).toList();
  }

  /** Closes the application port, the interpreters and the engine. */
  @Override
  public void close() {
    closing = true;
    recycler.shutdownNow();
    closer.shutdownNow();
    heap.close();
    if (app != null) {
      app.close();
    }
    for (WorkerPool pool : pools.values()) {
      for (Worker worker : pool.workers()) {
        try {
          worker.interpreter().close();
        } catch (RuntimeException e) {
          log.debug("closing {}: {}", worker.interpreter().id(), e.toString());
        }
      }
    }
    timers.shutdownNow();
    if (!abandoned.isEmpty()) {
      // Closing the engine would wait for the abandoned calls forever; the process ends anyway.
      log.warn("not closing the engine: {} interpreter(s) abandoned", abandoned.size());
      return;
    }
    try {
      engine.close(true);
    } catch (RuntimeException e) {
      log.debug("closing the engine: {}", e.toString());
    }
  }
}
