package dev.kubewsgi.runtime.http;

import io.netty.buffer.ByteBuf;
import io.netty.channel.FileRegion;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.EventExecutor;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * Response bytes on their way from one worker thread to the connection's event loop: buffers, and
 * file regions that go out by sendfile. With backpressure: a writer waits while {@link
 * #WRITE_HIGH_WATER} bytes are handed over and not yet on the socket, and learns when the client
 * went away.
 */
final class ResponseOutbox {

  /**
   * Response bytes handed to the event loop and not yet written to the socket before a writer
   * waits.
   */
  static final long WRITE_HIGH_WATER = 256 * 1024;

  /**
   * Where a drain delivers, on the event loop: the pieces ({@link ByteBuf}s and {@link
   * FileRegion}s), and whether the response ends.
   */
  interface Delivery {
    void deliver(Object[] pieces, boolean end, boolean keepAlive);
  }

  private static final Object[] NONE = new Object[0];

  private final EventExecutor loop;
  private final Delivery delivery;
  private final ArrayDeque<Object> queue = new ArrayDeque<>(4);
  private final Runnable drain = this::drain;
  private boolean drainScheduled; // guarded by queue
  private boolean ending; // guarded by queue
  private boolean endKeepAlive; // guarded by queue
  private final AtomicLong inFlight = new AtomicLong();
  private volatile Thread waiter;
  private volatile IOException broken;

  ResponseOutbox(EventExecutor loop, Delivery delivery) {
    this.loop = loop;
    this.delivery = delivery;
  }

  /**
   * Hands {@code out} (a ByteBuf or a FileRegion; may be null) to the event loop, ending the
   * response when {@code end}. Writes queue up while a drain is pending, so a worker that outpaces
   * the event loop costs one wake-up and one flush for several chunks, and never a delay: the
   * pending drain sends them.
   */
  void submit(Object out, boolean end, boolean keepAlive) {
    boolean schedule;
    synchronized (queue) {
      if (out != null) {
        inFlight.addAndGet(size(out));
        queue.add(out);
      }
      if (end) {
        ending = true;
        endKeepAlive = keepAlive;
      }
      schedule = !drainScheduled;
      drainScheduled = true;
    }
    if (schedule) {
      onLoop(drain);
    }
  }

  /** On the event loop: everything submitted so far goes to the connection. */
  private void drain() {
    Object[] pieces;
    boolean end;
    boolean keep;
    synchronized (queue) {
      pieces = queue.toArray(NONE);
      queue.clear();
      drainScheduled = false;
      end = ending;
      keep = endKeepAlive;
    }
    delivery.deliver(pieces, end, keep);
  }

  /**
   * Runs {@code action} on the event loop: a task from a worker thread, at once when already there
   * (a handler answering inside {@link RequestHandler#handle}, e.g. a 503 when its queue is full).
   */
  void onLoop(Runnable action) {
    if (loop.inEventLoop()) {
      action.run();
      return;
    }
    try {
      loop.execute(action);
    } catch (RejectedExecutionException e) {
      // The server stopped while a worker still answered a client that had gone away (its
      // exchange no longer counted): the response has nowhere to go; the writer learns it.
      broken(new IOException("the server has stopped"));
      synchronized (queue) {
        queue.forEach(ReferenceCountUtil::release);
        queue.clear();
      }
    }
  }

  /** Blocks the writer while too much is in flight; the event loop never waits for itself. */
  void awaitWritable() throws IOException {
    if (inFlight.get() < WRITE_HIGH_WATER || loop.inEventLoop()) {
      return;
    }
    waiter = Thread.currentThread();
    try {
      while (inFlight.get() >= WRITE_HIGH_WATER) {
        checkBroken();
        LockSupport.parkNanos(this, 50_000_000L);
      }
    } finally {
      waiter = null;
    }
    checkBroken();
  }

  /** On the event loop: {@code size} bytes reached the socket, or failed with {@code cause}. */
  void written(long size, Throwable cause) {
    if (cause != null && broken == null) {
      broken =
          cause instanceof IOException io ? io : new IOException("write failed: " + cause, cause);
    }
    long left = inFlight.addAndGet(-size);
    Thread w = waiter;
    if (w != null && (left < WRITE_HIGH_WATER || cause != null)) {
      LockSupport.unpark(w);
    }
  }

  /** The connection is gone: a waiting writer wakes and every later write fails. */
  void broken(IOException cause) {
    if (broken == null) {
      broken = cause;
    }
    Thread w = waiter;
    if (w != null) {
      LockSupport.unpark(w);
    }
  }

  void checkBroken() throws IOException {
    IOException e = broken;
    if (e != null) {
      throw new IOException("client connection lost: " + e.getMessage(), e);
    }
  }

  /** The bytes a piece puts on the wire. */
  static long size(Object piece) {
    return piece instanceof ByteBuf b ? b.readableBytes() : ((FileRegion) piece).count();
  }
}
