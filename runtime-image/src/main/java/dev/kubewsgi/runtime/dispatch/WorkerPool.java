package dev.kubewsgi.runtime.dispatch;

import dev.kubewsgi.runtime.http.HttpExchange;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingDeque;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The workers of one application group and the queue they share: a request waits here until a
 * worker thread is free. The queue is bounded (a request beyond it is shed at once) and a request
 * that waits longer than the queue timeout is answered 503 when its time is up; both 503s carry
 * Retry-After.
 */
public final class WorkerPool {

  private static final Logger log = LoggerFactory.getLogger(WorkerPool.class);

  /** A request waiting for a worker thread; {@code live} false for the HTTP warm-up's. */
  record Pending(HttpExchange exchange, MountTable.Route route, long enqueuedNanos, boolean live) {}

  private final String group;
  private final DispatchSettings settings;
  private final RequestMetrics metrics;

  /** How late a queue-timeout 503 may come at most. */
  public static final Duration EXPIRY_SWEEP = Duration.ofMillis(100);

  private final LinkedBlockingDeque<Pending> queue;
  private final List<Worker> workers = new CopyOnWriteArrayList<>();

  public WorkerPool(String group, DispatchSettings settings, RequestMetrics metrics) {
    this.group = group;
    this.settings = settings;
    this.metrics = metrics;
    this.queue = new LinkedBlockingDeque<>(settings.maxQueued());
    List<Tag> tags = List.of(Tag.of("group", group));
    MeterRegistry registry = metrics.registry();
    registry.gauge("kubewsgi.queue.depth", tags, queue, LinkedBlockingDeque::size);
    Gauge.builder("kubewsgi.requests.in.flight", this, WorkerPool::inFlight)
        .description("Requests a worker of the group is serving now")
        .tags(tags)
        .register(registry);
    Gauge.builder("kubewsgi.workers.able", this, p -> p.ableWorkers())
        .description(
            "Workers of the group that can take a request (not every thread held by a timed-out"
                + " request)")
        .tags(tags)
        .register(registry);
  }

  /** Requests being served by the group's workers now. */
  public long inFlight() {
    long n = 0;
    for (Worker w : workers) {
      n += w.busy();
    }
    return n;
  }

  private int ableWorkers() {
    int n = 0;
    for (Worker w : workers) {
      if (w.able()) {
        n++;
      }
    }
    return n;
  }

  public String group() {
    return group;
  }

  /** The workers taking requests now. */
  public List<Worker> workers() {
    return List.copyOf(workers);
  }

  public int queueDepth() {
    return queue.size();
  }

  /** Adds a worker and starts its threads. */
  public void add(Worker worker) {
    workers.add(worker);
    worker.start(this);
  }

  /**
   * Puts {@code replacement} in service, then retires {@code old}: its in-flight requests finish
   * and it takes no more. The caller closes the old interpreter once {@link Worker#awaitStopped}
   * says so.
   */
  public void replace(Worker old, Worker replacement) {
    add(replacement);
    workers.remove(old);
    old.retire();
  }

  void submit(HttpExchange exchange, MountTable.Route route, boolean live) {
    Pending pending = new Pending(exchange, route, System.nanoTime(), live);
    if (!queue.offer(pending)) {
      reject(
          pending,
          "queue-full",
          "Service Unavailable: "
              + settings.maxQueued()
              + " requests are already waiting for a worker of "
              + group);
    }
  }

  /**
   * Answers 503 to every request that has waited longer than the queue timeout (the oldest are at
   * the head). Runs on the timer thread; a worker thread that takes one first serves it.
   */
  public void expireWaiting() {
    long timeout = settings.queueTimeout().toNanos();
    while (true) {
      Pending oldest = queue.peek();
      if (oldest == null || System.nanoTime() - oldest.enqueuedNanos() <= timeout) {
        return;
      }
      if (queue.remove(oldest)) {
        timedOut(oldest);
      }
    }
  }

  private void timedOut(Pending pending) {
    long waitedNanos = System.nanoTime() - pending.enqueuedNanos();
    log.warn(
        "{} {}: waited {} ms for a worker of {}; answering 503",
        pending.exchange().method(),
        pending.exchange().rawPath(),
        waitedNanos / 1_000_000,
        group);
    reject(
        pending,
        "queue-timeout",
        "Service Unavailable: no worker was free within "
            + settings.queueTimeout().toSeconds()
            + " s");
  }

  private void reject(Pending pending, String reason, String message) {
    pending.exchange().fail(503, message);
    if (pending.live()) {
      metrics.rejected(reason);
      settings.logRejected(pending.exchange(), 503, message, pending.enqueuedNanos());
    }
  }

  /** The loop of each worker thread; {@code slot} is its index in the worker. */
  void takeLoop(Worker worker, int slot) {
    ThreadGate gate = worker.gate();
    try {
      if (gate != null && !gate.enter(slot, worker::retired)) {
        return;
      }
      while (!worker.retired()) {
        Pending pending = queue.poll(200, TimeUnit.MILLISECONDS);
        if (pending == null) {
          continue;
        }
        // Retired while it waited here: the request goes back to the head, for a worker in service
        // (a request that timed out on a retiring worker would replace nobody). Served here only
        // when the queue filled up meanwhile.
        if (worker.retired() && queue.offerFirst(pending)) {
          break;
        }
        // Taken between two sweeps, past its time: the client has its 503 as the sweep would have.
        if (System.nanoTime() - pending.enqueuedNanos() > settings.queueTimeout().toNanos()) {
          timedOut(pending);
          continue;
        }
        if (gate != null) {
          gate.serving(slot);
        }
        try {
          worker.serve(
              pending.exchange(), pending.route(), pending.enqueuedNanos(), pending.live(), true);
        } catch (RuntimeException e) {
          log.error("worker {} failed outside a request", worker.interpreter().id(), e);
        }
        if (gate != null && gate.served(slot)) {
          gate.leave(slot);
          if (!gate.enter(slot, worker::retired)) {
            return;
          }
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      if (gate != null) {
        gate.leave(slot);
      }
    }
  }
}
