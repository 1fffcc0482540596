package dev.kubewsgi.runtime.dispatch;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The request timeout ({@code spec.lifecycle.requestTimeoutSeconds}): one sweep every {@link
 * #SWEEP} over a slot per serving thread, as gunicorn's arbiter checks its workers, instead of a
 * timer per request. A cancelled per-request timer stays queued until its deadline: at 70k
 * requests/s with a 30 s timeout that was 2.5 million live tasks, copied by every young GC.
 */
public final class RequestTimeouts {

  /** How late a 504 may come at most, beyond the timeout. */
  static final Duration SWEEP = Duration.ofMillis(100);

  private final long timeoutNanos;
  private final List<Slot> slots = new CopyOnWriteArrayList<>();

  public RequestTimeouts(ScheduledExecutorService timers, Duration timeout) {
    this.timeoutNanos = timeout.toNanos();
    timers.scheduleWithFixedDelay(
        this::sweep, SWEEP.toMillis(), SWEEP.toMillis(), TimeUnit.MILLISECONDS);
  }

  /**
   * A new slot for a thread that serves some of {@code worker}'s requests (warm-up); forgotten once
   * the worker is retired and the slot idle.
   */
  Slot open(Worker worker) {
    Slot slot = new Slot(worker, false);
    slots.add(slot);
    return slot;
  }

  /**
   * A new slot for one of {@code worker}'s own threads, kept until {@link #close}: a retired
   * worker's thread may still take one last request from the queue, and that one must time out too.
   */
  Slot openPinned(Worker worker) {
    Slot slot = new Slot(worker, true);
    slots.add(slot);
    return slot;
  }

  /** Forgets a pinned slot: its thread has ended. */
  void close(Slot slot) {
    slots.remove(slot);
  }

  /**
   * Times out every request older than the timeout; forgets idle warm-up slots of retired workers.
   */
  void sweep() {
    long now = System.nanoTime();
    for (Slot slot : slots) {
      long started = slot.started.get();
      if (started == Slot.IDLE) {
        if (!slot.pinned && slot.worker.retired()) {
          slots.remove(slot);
        }
        continue;
      }
      if (started == Slot.EXPIRED || now - started < timeoutNanos) {
        continue;
      }
      // Read before the claim: once the claim succeeds, the thread cannot have begun another
      // request.
      ResponseWriter writer = slot.writer;
      if (slot.started.compareAndSet(started, Slot.EXPIRED)) {
        slot.worker.timedOut(writer);
      }
    }
  }

  /** Slots open now, for tests. */
  int slots() {
    return slots.size();
  }

  /**
   * The request a thread is serving: when it started, and where its 504 goes. Used by one thread.
   */
  static final class Slot {
    private static final long IDLE = Long.MIN_VALUE;
    private static final long EXPIRED = Long.MIN_VALUE + 1;

    private final Worker worker;
    private final boolean pinned;
    private final AtomicLong started = new AtomicLong(IDLE);
    private ResponseWriter writer; // published by the volatile write of started

    private Slot(Worker worker, boolean pinned) {
      this.worker = worker;
      this.pinned = pinned;
    }

    void begin(long nanoTime, ResponseWriter writer) {
      this.writer = writer;
      started.set(nanoTime);
    }

    /** Ends the request; true when the sweep had already timed it out. */
    boolean end() {
      boolean expired = started.getAndSet(IDLE) == EXPIRED;
      writer = null; // after the swap, so a sweep that claimed this request has already read it
      return expired;
    }
  }
}
