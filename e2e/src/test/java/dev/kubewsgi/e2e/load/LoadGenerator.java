package dev.kubewsgi.e2e.load;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;

/**
 * A steady, bounded stream of GET requests to one address: a fixed rate split evenly over workers,
 * some keeping one connection alive, some opening a new connection per request. Every request is
 * recorded (latency, status, serving pod, error). It stops at {@link #stop()}, at its maximum
 * duration or at its maximum request count, whichever comes first.
 */
public final class LoadGenerator implements AutoCloseable {

  /**
   * @param target where to send (a Service's ClusterIP and port)
   * @param path request target, such as "/?n=10"
   * @param ratePerSecond requests per second over all workers
   * @param keepAliveWorkers workers that reuse one connection for as long as the server allows
   * @param newConnectionWorkers workers that open a connection per request (Connection: close)
   * @param maxDuration hard bound on the run
   * @param maxRequests hard bound on requests sent
   */
  public record Settings(
      InetSocketAddress target,
      String path,
      int ratePerSecond,
      int keepAliveWorkers,
      int newConnectionWorkers,
      Duration maxDuration,
      long maxRequests,
      Duration connectTimeout,
      Duration readTimeout) {

    public Settings {
      if (ratePerSecond < 1 || ratePerSecond > 2000) {
        throw new IllegalArgumentException("rate must be 1..2000 requests/s: " + ratePerSecond);
      }
      if (keepAliveWorkers + newConnectionWorkers < 1
          || keepAliveWorkers + newConnectionWorkers > 64) {
        throw new IllegalArgumentException("1..64 workers");
      }
      if (maxDuration.compareTo(Duration.ofHours(3)) > 0) {
        throw new IllegalArgumentException("at most three hours of load");
      }
    }

    public static Settings of(
        InetSocketAddress target, String path, int rate, Duration maxDuration) {
      return new Settings(
          target,
          path,
          rate,
          6,
          2,
          maxDuration,
          (long) rate * maxDuration.toSeconds() + rate,
          Duration.ofSeconds(3),
          Duration.ofSeconds(30));
    }

    int workers() {
      return keepAliveWorkers + newConnectionWorkers;
    }
  }

  private final Settings settings;
  private final ConcurrentLinkedQueue<RequestRecord> records = new ConcurrentLinkedQueue<>();
  private final AtomicLong sent = new AtomicLong();
  private final AtomicLong failed = new AtomicLong();
  private final AtomicLong retried = new AtomicLong();
  private final List<Thread> threads = new ArrayList<>();
  private final Consumer<RequestRecord> onFailure;
  private final long epochMicrosAtStart;
  private final long nanoAtStart;
  private volatile boolean stopping;
  private volatile long deadlineNanos;

  private LoadGenerator(Settings settings, Consumer<RequestRecord> onFailure) {
    this.settings = settings;
    this.onFailure = onFailure;
    Instant now = Instant.now();
    this.nanoAtStart = System.nanoTime();
    this.epochMicrosAtStart = now.getEpochSecond() * 1_000_000L + now.getNano() / 1_000;
  }

  /** Starts the workers; they run until {@link #stop()} or a bound is reached. */
  public static LoadGenerator start(Settings settings, Consumer<RequestRecord> onFailure) {
    LoadGenerator load = new LoadGenerator(settings, onFailure);
    load.deadlineNanos = load.nanoAtStart + settings.maxDuration().toNanos();
    int workers = settings.workers();
    long intervalNanos = TimeUnit.SECONDS.toNanos(1) * workers / settings.ratePerSecond();
    for (int i = 0; i < workers; i++) {
      boolean keepAlive = i < settings.keepAliveWorkers();
      long offset = intervalNanos * i / workers; // staggered, so the stream is even
      Thread t =
          Thread.ofPlatform()
              .daemon()
              .name("load-" + (keepAlive ? "keepalive-" : "new-") + i)
              .start(() -> load.work(keepAlive, intervalNanos, offset));
      load.threads.add(t);
    }
    return load;
  }

  public long sent() {
    return sent.get();
  }

  public long failed() {
    return failed.get();
  }

  public long retried() {
    return retried.get();
  }

  /** Records so far, in completion order (a copy). */
  public List<RequestRecord> snapshot() {
    return new ArrayList<>(records);
  }

  /** Wall-clock microseconds now, on the same clock as the records. */
  public long nowMicros() {
    return epochMicrosAtStart + (System.nanoTime() - nanoAtStart) / 1_000;
  }

  /**
   * Stops sending, waits for requests in flight (bounded by the read timeout), returns all records.
   */
  public List<RequestRecord> stop() {
    stopping = true;
    long wait = settings.readTimeout().plus(settings.connectTimeout()).plusSeconds(5).toMillis();
    for (Thread t : threads) {
      try {
        t.join(wait);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
      if (t.isAlive()) {
        t.interrupt();
      }
    }
    return snapshot();
  }

  @Override
  public void close() {
    stop();
  }

  private boolean running() {
    return !stopping && System.nanoTime() < deadlineNanos && sent.get() < settings.maxRequests();
  }

  private void work(boolean keepAlive, long intervalNanos, long offsetNanos) {
    HttpConnection connection = null;
    long next = System.nanoTime() + offsetNanos;
    try {
      while (true) {
        long wait = next - System.nanoTime();
        if (wait > 0) {
          LockSupport.parkNanos(wait);
          continue;
        }
        if (!running() || sent.incrementAndGet() > settings.maxRequests()) {
          return;
        }
        // Late (a slow response): send now, and pace on from now rather than bursting to catch up.
        next = Math.max(next + intervalNanos, System.nanoTime());
        if (connection != null && !connection.reusable()) {
          connection.close();
          connection = null;
        }
        Outcome outcome = exchange(connection, keepAlive);
        connection = outcome.connection;
        record(outcome.record);
        if (!keepAlive && connection != null) {
          connection.close();
          connection = null;
        }
      }
    } finally {
      if (connection != null) {
        connection.close();
      }
    }
  }

  private record Outcome(RequestRecord record, HttpConnection connection) {}

  private Outcome exchange(HttpConnection connection, boolean keepAlive) {
    long start = System.nanoTime();
    long startMicros = nowMicros();
    boolean opened = false;
    boolean retriedNow = false;
    try {
      if (connection == null) {
        connection = open();
        opened = true;
      }
      HttpConnection.Response response;
      try {
        response = connection.get(settings.path(), !keepAlive);
      } catch (HttpConnection.NoResponseException e) {
        if (opened) {
          throw e;
        }
        // The server closed a reused connection as we sent on it: retry once, on a new one.
        connection.close();
        retriedNow = true;
        retried.incrementAndGet();
        connection = open();
        opened = true;
        response = connection.get(settings.path(), !keepAlive);
      }
      RequestRecord r =
          new RequestRecord(
              startMicros,
              System.nanoTime() - start,
              response.status(),
              response.header("x-kubewsgi-served-by"),
              null,
              opened,
              retriedNow);
      return new Outcome(r, connection.reusable() ? connection : close(connection));
    } catch (IOException | RuntimeException e) {
      if (connection != null) {
        connection.close();
      }
      String what =
          e.getClass().getSimpleName()
              + ": "
              + e.getMessage()
              + (retriedNow ? " (after a retry on a new connection)" : "")
              + (opened ? "" : " (on a reused connection)");
      return new Outcome(
          new RequestRecord(
              startMicros, System.nanoTime() - start, 0, null, what, opened, retriedNow),
          null);
    }
  }

  private HttpConnection open() throws IOException {
    return HttpConnection.open(
        settings.target(), settings.connectTimeout(), settings.readTimeout());
  }

  private static HttpConnection close(HttpConnection connection) {
    connection.close();
    return null;
  }

  private void record(RequestRecord r) {
    records.add(r);
    if (r.failed()) {
      failed.incrementAndGet();
      if (onFailure != null) {
        onFailure.accept(r);
      }
    }
  }
}
