package dev.kubewsgi.runtime.dispatch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Test;

/**
 * The gate on real threads, without Python: short requests run one at a time, blocking ones not.
 */
class ThreadGateTest {

  private static final int THREADS = 4;

  @Test
  void shortRequestsAreTakenByOneThreadAtATime() throws Exception {
    ThreadGate gate = new ThreadGate(THREADS, TimeUnit.SECONDS.toNanos(1));
    Run run = run(gate, () -> spin(TimeUnit.MICROSECONDS.toNanos(20)), 1_000);
    assertEquals(1, run.maxServing, "short requests overlapped");
    assertEquals(THREADS * 1_000, run.served.get());
  }

  @Test
  void blockingRequestsLetEveryThreadIn() throws Exception {
    ThreadGate gate = new ThreadGate(THREADS, TimeUnit.MILLISECONDS.toNanos(1));
    Run run = run(gate, () -> LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(20)), 30);
    assertEquals(THREADS, run.maxServing, "blocked requests kept threads out");
  }

  @Test
  void aWaiterLeavesWhenItsWorkerStops() throws Exception {
    ThreadGate gate = new ThreadGate(2, TimeUnit.SECONDS.toNanos(10));
    assertTrue(gate.enter(0, () -> false));
    gate.serving(0);
    AtomicBoolean stop = new AtomicBoolean();
    AtomicBoolean entered = new AtomicBoolean(true);
    Thread waiter = Thread.ofPlatform().start(() -> entered.set(enterQuietly(gate, 1, stop)));
    Thread.sleep(100);
    assertTrue(waiter.isAlive(), "the second thread got in while the first was fresh");
    stop.set(true);
    gate.wakeAll();
    waiter.join(5_000);
    assertFalse(waiter.isAlive());
    assertFalse(entered.get());
    assertEquals(1, gate.takers());
  }

  private record Run(int maxServing, AtomicInteger served) {}

  // Each thread serves `each` requests through the gate as WorkerPool.takeLoop does.
  private static Run run(ThreadGate gate, Runnable request, int each) throws Exception {
    AtomicInteger serving = new AtomicInteger();
    AtomicInteger max = new AtomicInteger();
    AtomicInteger served = new AtomicInteger();
    List<Thread> threads = new ArrayList<>();
    for (int t = 0; t < THREADS; t++) {
      int slot = t;
      threads.add(
          Thread.ofPlatform()
              .start(
                  () -> {
                    AtomicBoolean never = new AtomicBoolean();
                    if (!enterQuietly(gate, slot, never)) {
                      return;
                    }
                    for (int i = 0; i < each; i++) {
                      gate.serving(slot);
                      max.accumulateAndGet(serving.incrementAndGet(), Math::max);
                      request.run();
                      serving.decrementAndGet();
                      served.incrementAndGet();
                      if (gate.served(slot)) {
                        gate.leave(slot);
                        enterQuietly(gate, slot, never);
                      }
                    }
                    gate.leave(slot);
                  }));
    }
    for (Thread thread : threads) {
      thread.join(60_000);
      assertFalse(thread.isAlive(), "a thread never finished");
    }
    return new Run(max.get(), served);
  }

  private static boolean enterQuietly(ThreadGate gate, int slot, AtomicBoolean stop) {
    try {
      return gate.enter(slot, stop::get);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  private static void spin(long nanos) {
    long end = System.nanoTime() + nanos;
    while (System.nanoTime() < end) {
      Thread.onSpinWait();
    }
  }
}
