package dev.kubewsgi.runtime.dispatch;

import dev.kubewsgi.runtime.http.HttpExchange;
import dev.kubewsgi.runtime.interp.Interpreter;
import dev.kubewsgi.runtime.interp.RequestInterruptedException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A worker of an application group: one interpreter served by {@code threads} threads (mod_wsgi's
 * {@code threads=}). {@link #serve} is the request path, used by live traffic and warm-up alike.
 */
public final class Worker {

  private static final Logger log = LoggerFactory.getLogger(Worker.class);

  private final Interpreter interpreter;
  private final int threads;
  private final int generation;
  private final DispatchSettings settings;
  private final RequestMetrics metrics;
  private final String servedBy;
  private volatile String name;
  // One slot per thread that serves this worker's requests (its threads, and warm-up's).
  private final ThreadLocal<RequestTimeouts.Slot> timeoutSlot;
  private final RequestTimeouts timeouts;
  private final AtomicLong served = new AtomicLong();
  private final AtomicLong liveServed = new AtomicLong();
  private final AtomicLong busy = new AtomicLong();
  private final AtomicBoolean retired = new AtomicBoolean();
  private final AtomicBoolean recycleRequested = new AtomicBoolean();
  private volatile String recycleReason;
  // Threads held by a request that timed out and has not returned: Python may never give them back.
  private final AtomicLong stuck = new AtomicLong();
  private final long maximumRequests;
  private volatile long servingSinceNanos;
  private final List<Thread> running = new ArrayList<>();
  private volatile Consumer<Worker> onRecycle = w -> {};
  // With more than one thread: which of them take requests (null with one).
  private final ThreadGate gate;

  public Worker(
      Interpreter interpreter,
      int threads,
      int generation,
      DispatchSettings settings,
      RequestMetrics metrics,
      RequestTimeouts timeouts) {
    this.interpreter = interpreter;
    this.threads = threads;
    this.generation = generation;
    this.settings = settings;
    this.metrics = metrics;
    this.servedBy = settings.servedBy(interpreter);
    this.timeouts = timeouts;
    this.timeoutSlot = ThreadLocal.withInitial(() -> timeouts.open(this));
    long max = settings.maximumRequests();
    this.maximumRequests =
        max > 0 && settings.maximumRequestsJitter() > 0
            ? max + ThreadLocalRandom.current().nextLong(settings.maximumRequestsJitter() + 1L)
            : max;
    this.servingSinceNanos = System.nanoTime();
    long stale = Long.getLong("kubewsgi.threadGate.staleMicros", 1000L);
    this.gate = threads > 1 && stale > 0 ? new ThreadGate(threads, stale * 1000L) : null;
  }

  ThreadGate gate() {
    return gate;
  }

  public Interpreter interpreter() {
    return interpreter;
  }

  /** The worker in log lines and thread names: {@code group/index.generation}. */
  public String name() {
    String n = name;
    if (n == null) {
      n = interpreter.id() + "." + generation;
      name = n;
    }
    return n;
  }

  /** 1 for a worker started at boot, 2 and up for its recycled replacements. */
  public int generation() {
    return generation;
  }

  /** Requests this worker has served, warm-up included. */
  public long served() {
    return served.get();
  }

  /** Warm-up is over: restartIntervalSeconds counts from now (maximumRequests counts live ones). */
  public void warmupDone() {
    servingSinceNanos = System.nanoTime();
  }

  /** When warm-up ended ({@link System#nanoTime}). */
  public long servingSinceNanos() {
    return servingSinceNanos;
  }

  /** This worker's maximumRequests, jitter included; 0 for never. */
  public long maximumRequests() {
    return maximumRequests;
  }

  /** Whether it can take a request: not retired, and a thread not held by a timed-out request. */
  public boolean able() {
    return !retired.get() && stuck.get() < threads;
  }

  /** Whether a replacement was asked for. */
  public boolean recycleRequested() {
    return recycleRequested.get();
  }

  /** Why a replacement was asked for, e.g. {@code maximum-requests}; null before. */
  public String recycleReason() {
    return recycleReason;
  }

  /** Requests being served right now. */
  public long busy() {
    return busy.get();
  }

  public boolean retired() {
    return retired.get();
  }

  /**
   * Called once when the worker should be replaced: it has served {@code
   * lifecycle.maximumRequests}, a request outlived the request timeout (mod_wsgi restarts the
   * daemon process then), or the supervisor asked ({@link #recycle}).
   */
  public void onRecycle(Consumer<Worker> listener) {
    this.onRecycle = listener;
  }

  /**
   * Asks for a warm replacement, once; {@code reason} says why ({@code restart-interval}, {@code
   * heap-limit}...).
   */
  public void recycle(String reason) {
    if (recycleRequested.compareAndSet(false, true)) {
      recycleReason = reason;
      onRecycle.accept(this);
    }
  }

  /** Serves a warm-up request on the calling thread: neither counted nor logged. */
  public void warm(HttpExchange exchange, MountTable.Route route) {
    serve(exchange, route, System.nanoTime(), false, true);
  }

  /** The same without the request timeout: boot's warm-up waits for the compilers by design. */
  public void warmUntimed(HttpExchange exchange, MountTable.Route route) {
    serve(exchange, route, System.nanoTime(), false, false);
  }

  /**
   * Serves one request on the calling thread, through the adapter, and always ends the exchange.
   *
   * @param receivedNanos when the request was dispatched ({@link System#nanoTime})
   * @param live counted in the metrics and written to the access log (warm-up is not)
   * @param timed answered 504 past the request timeout (all but boot's warm-up)
   */
  void serve(
      HttpExchange exchange,
      MountTable.Route route,
      long receivedNanos,
      boolean live,
      boolean timed) {
    long start = System.nanoTime();
    Client client = settings.proxies().resolve(exchange);
    ResponseWriter writer = new ResponseWriter(exchange, servedBy, interpreter.id());
    RequestTimeouts.Slot slot = timed ? timeoutSlot.get() : null;
    busy.incrementAndGet();
    if (slot != null) {
      slot.begin(start, writer);
    }
    boolean interrupted = false;
    try {
      interpreter.call(client.request(exchange, route), new WsgiInput(exchange.body()), writer);
    } catch (RequestInterruptedException e) {
      interrupted = true;
    } catch (RuntimeException e) {
      log.error("{}: the request failed in the runtime", writer.requestLine(), e);
      writer.fail(500, "Internal Server Error");
    } finally {
      boolean timedOut = slot != null && slot.end();
      busy.decrementAndGet();
      if (timedOut) {
        stuck.decrementAndGet(); // Python gave the thread back after all
      }
      if (interrupted && !timedOut) {
        writer.fail(503, "Service Unavailable: the worker was recycled during the request");
      }
      if (!writer.done()) {
        writer.fail(500, "Internal Server Error: the application returned without a response");
      }
      if (live) {
        long end = System.nanoTime();
        metrics.served(interpreter.group(), writer.status(), end - start);
        settings.log(
            exchange,
            client.address(),
            writer.status(),
            writer.bytes(),
            end - receivedNanos,
            name(),
            writer.user());
      }
      served.incrementAndGet();
      // Live requests only: warm-up ones (the interpreter pass, before the supervisor even
      // watches this worker, and the HTTP pass) would ask for a replacement nobody hears.
      if (live && maximumRequests > 0 && liveServed.incrementAndGet() >= maximumRequests) {
        recycle("maximum-requests");
      }
    }
  }

  /**
   * Called by the sweep of {@link RequestTimeouts}. The client gets its 504 on time. Python may not
   * stop (time.sleep and blocking I/O ignore Context.interrupt, which would also hit the worker's
   * other requests), so the worker is replaced by a warm one and its context closed, as mod_wsgi
   * restarts a daemon process.
   */
  void timedOut(ResponseWriter writer) {
    log.warn(
        "{}: no response after {} s; answering 504 and recycling the worker",
        writer.requestLine(),
        settings.requestTimeout().toSeconds());
    metrics.rejected("request-timeout");
    writer.fail(
        504,
        "Gateway Timeout: the application did not answer within "
            + settings.requestTimeout().toSeconds()
            + " s");
    stuck.incrementAndGet();
    recycle("request-timeout");
  }

  /** Starts the threads that take requests from the pool's queue. */
  synchronized void start(WorkerPool pool) {
    for (int t = 0; t < threads; t++) {
      int index = t;
      Thread thread =
          Interpreter.pythonThread()
              .name("kubewsgi-" + name() + "-t" + t)
              .start(
                  () -> {
                    RequestTimeouts.Slot slot = timeouts.openPinned(this);
                    timeoutSlot.set(slot);
                    try {
                      pool.takeLoop(this, index);
                    } finally {
                      timeouts.close(slot);
                    }
                  });
      running.add(thread);
    }
  }

  /** Stops taking new requests; the current ones finish. */
  public void retire() {
    retired.set(true);
    if (gate != null) {
      gate.wakeAll();
    }
  }

  /** Waits for the threads of a retired worker to end. */
  public boolean awaitStopped(Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    List<Thread> threadsNow;
    synchronized (this) {
      threadsNow = List.copyOf(running);
    }
    for (Thread thread : threadsNow) {
      long left = deadline - System.nanoTime();
      if (left <= 0 || !thread.join(Duration.ofNanos(left))) {
        return false;
      }
    }
    return true;
  }
}
