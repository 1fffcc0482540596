package dev.kubewsgi.runtime.http;

import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/** Open connections and in-flight exchanges of one server, for drain and shutdown. */
final class Connections {

  private final Set<HttpConnection> open = ConcurrentHashMap.newKeySet();
  private final AtomicInteger active = new AtomicInteger();
  private final Object idle = new Object();
  private volatile boolean draining;
  private volatile boolean closeAfterResponse;
  private volatile int waiters;

  void opened(HttpConnection connection) {
    open.add(connection);
    if (draining) {
      connection.closeIfIdle();
    }
  }

  void closed(HttpConnection connection) {
    open.remove(connection);
    signal();
  }

  void exchangeStarted() {
    active.incrementAndGet();
  }

  void exchangeEnded() {
    if (active.decrementAndGet() == 0) {
      signal();
    }
  }

  boolean draining() {
    return draining;
  }

  /** True from the start of the drain delay: every response then ends its connection. */
  boolean closeAfterResponse() {
    return closeAfterResponse || draining;
  }

  void closeAfterResponses() {
    closeAfterResponse = true;
  }

  int open() {
    return open.size();
  }

  int activeExchanges() {
    return active.get();
  }

  void drain() {
    draining = true;
    open.forEach(HttpConnection::closeIfIdle);
  }

  void closeAll() {
    open.forEach(HttpConnection::close);
  }

  boolean awaitIdle(Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    synchronized (idle) {
      waiters++;
      try {
        while (active.get() > 0 || !open.isEmpty()) {
          long left = deadline - System.nanoTime();
          if (left <= 0) {
            return false;
          }
          // Bounded waits: a connection opened or closed without a signal is seen on the next
          // round.
          idle.wait(Math.max(1, Math.min(left / 1_000_000, 100)));
        }
        return true;
      } finally {
        waiters--;
      }
    }
  }

  private void signal() {
    if (waiters > 0) {
      synchronized (idle) {
        idle.notifyAll();
      }
    }
  }
}
