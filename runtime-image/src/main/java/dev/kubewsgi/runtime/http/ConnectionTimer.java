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
  private final RequestLimits limits;
  private final Consumer<Kind> onExpiry;
  private Kind kind = Kind.NONE;
  private long deadline;
  private ScheduledFuture<?> task;

  ConnectionTimer(EventExecutor loop, RequestLimits limits, Consumer<Kind> onExpiry) {
    this.loop = loop;
    this.limits = limits;
    this.onExpiry = onExpiry;
  }

  Kind kind() {
    return kind;
  }

  /** A new connection has the client timeout to send its first request. */
  void awaitFirstRequest() {
    arm(Kind.NEW_CONNECTION, limits.clientTimeout().toNanos());
  }

  /** Bytes arrived on an idle connection: the rest of the head is due within the client timeout. */
  void awaitHead() {
    if (kind == Kind.KEEP_ALIVE || kind == Kind.NEW_CONNECTION) {
      arm(Kind.HEAD, limits.clientTimeout().toNanos());
    }
  }

  /** Between requests: the keep-alive timeout. */
  void awaitNextRequest() {
    arm(Kind.KEEP_ALIVE, limits.keepAliveTimeout().toNanos());
  }

  void awaitBody() {
    arm(Kind.BODY, limits.clientTimeout().toNanos());
  }

  /** Reading resumed after the app made room: the body's timeout runs again if it was stopped. */
  void resumeBody() {
    if (kind == Kind.NONE) {
      awaitBody();
    }
  }

  /** Body bytes arrived: the client timeout counts from now. */
  void bodyProgressed() {
    if (kind == Kind.BODY) {
      deadline = now() + limits.clientTimeout().toNanos();
    }
  }

  private void arm(Kind kind, long nanos) {
    this.kind = kind;
    deadline = now() + nanos;
    if (task == null) {
      task = loop.schedule(this::run, nanos, TimeUnit.NANOSECONDS);
    }
  }

  void stop() {
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
