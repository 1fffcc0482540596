package dev.kubewsgi.runtime.dispatch;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.BooleanSupplier;

/**
 * How many of one worker's threads take requests. Python runs one thread of a context at a time
 * (the interpreter lock), and handing that lock from thread to thread costs more than a short
 * request: eight threads serving a CPU-bound app each park and wake per request. So one thread
 * takes requests while the others wait here, and another thread joins only when every taker has
 * been inside its current request for longer than {@code staleNanos}: blocked on I/O or a sleep,
 * with the lock released, most likely. An I/O-bound app still gets all its threads; a taker whose
 * request was short while another taker was running leaves again.
 *
 * <p>Takers are slots, one per thread. One waiter waits with a timeout (to see a taker turn stale);
 * the others wait until it gets in and wakes the next.
 */
final class ThreadGate {

  private static final long NOT_TAKER = Long.MIN_VALUE;
  private static final long WAITING = 0;
  // How often the timed waiter looks while a taker waits for a request (it takes the next itself).
  private static final long IDLE_CHECK_NANOS = TimeUnit.MILLISECONDS.toNanos(20);

  private final long staleNanos;
  private final long origin = System.nanoTime();
  // Per slot: NOT_TAKER, WAITING for a request, or when it began serving (past origin: above 0).
  private final AtomicLongArray state;
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition changed = lock.newCondition();
  private boolean timedWaiter;

  ThreadGate(int threads, long staleNanos) {
    this.staleNanos = staleNanos;
    this.state = new AtomicLongArray(threads);
    for (int i = 0; i < threads; i++) {
      state.set(i, NOT_TAKER);
    }
  }

  /** Blocks until thread {@code slot} may take requests; false when {@code stop} says so first. */
  boolean enter(int slot, BooleanSupplier stop) throws InterruptedException {
    lock.lock();
    try {
      boolean timed = false;
      try {
        while (true) {
          if (stop.getAsBoolean()) {
            return false;
          }
          long wait = untilOpen(slot);
          if (wait <= 0) {
            break;
          }
          if (!timed && !timedWaiter) {
            timed = timedWaiter = true;
          }
          if (timed) {
            changed.awaitNanos(wait);
          } else {
            changed.await();
          }
        }
      } finally {
        if (timed) {
          timedWaiter = false;
          changed.signal(); // the next waiter takes over the timed wait
        }
      }
      state.set(slot, WAITING);
      return true;
    } finally {
      lock.unlock();
    }
  }

  /** Thread {@code slot} took a request and runs Python now. */
  void serving(int slot) {
    state.set(slot, now());
  }

  /**
   * Thread {@code slot} has served; returns whether it should {@link #leave}: its request was short
   * (it did not block) while another taker was running, so two threads would take turns on the
   * interpreter lock.
   */
  boolean served(int slot) {
    long now = now();
    long began = state.get(slot);
    state.set(slot, WAITING);
    if (now - began >= staleNanos) {
      return false;
    }
    for (int i = 0; i < state.length(); i++) {
      long s = state.get(i);
      if (i != slot && s > WAITING && now - s < staleNanos) {
        return true;
      }
    }
    return false;
  }

  /** Thread {@code slot} stops taking requests (it yields, or its worker retired). */
  void leave(int slot) {
    lock.lock();
    try {
      state.set(slot, NOT_TAKER);
      changed.signal();
    } finally {
      lock.unlock();
    }
  }

  /** Wakes every waiter to look at its stop condition again. */
  void wakeAll() {
    lock.lock();
    try {
      changed.signalAll();
    } finally {
      lock.unlock();
    }
  }

  /** Threads taking requests now. */
  int takers() {
    int n = 0;
    for (int i = 0; i < state.length(); i++) {
      if (state.get(i) != NOT_TAKER) {
        n++;
      }
    }
    return n;
  }

  // Nanoseconds until another thread may join, 0 for now.
  private long untilOpen(int slot) {
    long now = now();
    long open = 0;
    for (int i = 0; i < state.length(); i++) {
      long s = state.get(i);
      if (i == slot || s == NOT_TAKER) {
        continue;
      }
      if (s == WAITING) {
        return IDLE_CHECK_NANOS;
      }
      open = Math.max(open, staleNanos - (now - s));
    }
    return open;
  }

  private long now() {
    return System.nanoTime() - origin + 1;
  }
}
