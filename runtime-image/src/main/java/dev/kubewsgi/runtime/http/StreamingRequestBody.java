package dev.kubewsgi.runtime.http;

import io.netty.buffer.ByteBuf;
import java.util.ArrayDeque;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The body of one request between the event loop (which offers decoded pieces) and the worker
 * thread (which reads them): at most about {@link #HIGH_WATER} bytes are held; above it the
 * connection stops reading.
 */
final class StreamingRequestBody implements RequestBody {

  static final int HIGH_WATER = 256 * 1024;
  static final int LOW_WATER = 64 * 1024;

  /**
   * Called by the event loop side's owner when the reader wants more: first read, or below the low
   * water.
   */
  interface Demand {
    void firstRead();

    void resume();
  }

  private final ReentrantLock lock = new ReentrantLock();
  private final Condition ready = lock.newCondition();
  private final ArrayDeque<ByteBuf> pieces = new ArrayDeque<>(4);
  private final Demand demand;
  private int buffered;
  private boolean ended;
  private boolean started;
  private boolean paused;
  private RequestBodyException failure;

  StreamingRequestBody(Demand demand) {
    this.demand = demand;
  }

  // ---- event loop side

  /**
   * Takes ownership of {@code piece}; returns false when the buffer is now full and reading should
   * pause.
   */
  boolean offer(ByteBuf piece) {
    lock.lock();
    try {
      if (failure != null || ended) {
        piece.release();
        return true;
      }
      if (piece.isReadable()) {
        pieces.add(piece);
        buffered += piece.readableBytes();
        ready.signal();
      } else {
        piece.release();
      }
      paused = buffered >= HIGH_WATER;
      return !paused;
    } finally {
      lock.unlock();
    }
  }

  void end() {
    lock.lock();
    try {
      ended = true;
      ready.signal();
    } finally {
      lock.unlock();
    }
  }

  /** Fails the body; a reader gets {@code failure} at once (buffered bytes are dropped). */
  void fail(RequestBodyException e) {
    lock.lock();
    try {
      if (failure == null && !ended) {
        failure = e;
      }
      releaseAll();
      ready.signal();
    } finally {
      lock.unlock();
    }
  }

  /** Drops what is buffered; called when the exchange is over. */
  void discard() {
    lock.lock();
    try {
      releaseAll();
    } finally {
      lock.unlock();
    }
  }

  /** Whether the whole body is in, or it failed: reading it to the end would not block. */
  boolean settled() {
    lock.lock();
    try {
      return ended || failure != null;
    } finally {
      lock.unlock();
    }
  }

  boolean full() {
    lock.lock();
    try {
      return paused;
    } finally {
      lock.unlock();
    }
  }

  // ---- worker side

  /**
   * The reader asks for the body: the first time, the connection sends {@code 100 Continue} if the
   * client waits for it and starts reading. The first {@link #read} does this.
   */
  void start() {
    lock.lock();
    try {
      if (!started) {
        started = true;
        demand.firstRead();
      }
    } finally {
      lock.unlock();
    }
  }

  @Override
  public int read(byte[] b, int off, int len) throws RequestBodyException {
    if (len == 0) {
      return 0;
    }
    boolean resume = false;
    lock.lock();
    try {
      start();
      while (pieces.isEmpty() && failure == null && !ended) {
        try {
          // Bounded so a lost wake-up cannot hang a worker; timeouts are enforced by the event
          // loop.
          ready.await(1, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new RequestBodyException(500, "interrupted while reading the request body");
        }
      }
      if (failure != null) {
        throw failure;
      }
      if (pieces.isEmpty()) {
        return -1;
      }
      int n = 0;
      while (n < len && !pieces.isEmpty()) {
        ByteBuf head = pieces.peek();
        int take = Math.min(len - n, head.readableBytes());
        head.readBytes(b, off + n, take);
        n += take;
        if (!head.isReadable()) {
          pieces.poll().release();
        }
      }
      buffered -= n;
      if (paused && buffered <= LOW_WATER) {
        paused = false;
        resume = true;
      }
      return n;
    } finally {
      lock.unlock();
      if (resume) {
        demand.resume();
      }
    }
  }

  private void releaseAll() {
    ByteBuf piece;
    while ((piece = pieces.poll()) != null) {
      piece.release();
    }
    buffered = 0;
  }
}
