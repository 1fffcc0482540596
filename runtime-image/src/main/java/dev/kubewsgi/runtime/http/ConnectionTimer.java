package dev.kubewsgi.runtime.http;

import io.netty.util.concurrent.EventExecutor;
import io.netty.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * The one timeout a connection has at a time (waiting for a new connection's first request, idle
 * between requests, a head arriving, a body arriving), on its event loop: one lazily rescheduled
 * task per connection, not one per request. Moving the deadline costs nothing; the task looks at it
 * when it runs.
 */
final class ConnectionTimer {

  enum Kind {
    NONE,
    NEW_CONNECTION,
    KEEP_ALIVE,
    HEAD,
    BODY
  }

  private final EventExecutor loop;
  private final Consumer<Kind> onExpiry;
  private Kind kind = Kind.NONE;
  private long deadline;
  private ScheduledFuture<?> task;

  ConnectionTimer(EventExecutor loop, Consumer<Kind> onExpiry) {
    this.loop = loop;
    this.onExpiry = onExpiry;
  }

  Kind kind() {
    return kind;
  }

  void arm(Kind kind, long nanos) {
    this.kind = kind;
    deadline = now() + nanos;
    if (task == null) {
      task = loop.schedule(this::run, nanos, TimeUnit.NANOSECONDS);
    }
  }

  /** Moves the deadline of the running timeout {@code nanos} from now. */
  void extend(long nanos) {
    deadline = now() + nanos;
  }

  void disarm() {
    kind = Kind.NONE;
  }

  private long now() {
    return loop.ticker().nanoTime();
  }

  private void run() {
    task = null;
    if (kind == Kind.NONE) {
      return;
    }
    long left = deadline - now();
    if (left > 0) {
      task = loop.schedule(this::run, left, TimeUnit.NANOSECONDS);
      return;
    }
    Kind expired = kind;
    kind = Kind.NONE;
    onExpiry.accept(expired);
  }
}
