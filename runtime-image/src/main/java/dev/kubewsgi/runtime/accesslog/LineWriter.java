package dev.kubewsgi.runtime.accesslog;

import java.io.IOException;
import java.io.OutputStream;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.jctools.queues.MpscArrayQueue;

/**
 * Formats and writes lines on a thread of its own, in batches: the thread wakes every {@link
 * #PAUSE}, formats whatever entries wait and writes them in one call, and sleeps again. Serving
 * threads only add an entry to a bounded lock-free queue (JCTools' MPSC array queue: one CAS) and
 * never wake it, so a worker's thread is free for its next request at once; a line reaches stdout
 * at most {@link #PAUSE} after its request ended. A blocking queue that signalled the writer on
 * every line cost hello 24% of its requests per second on 2 cores, formatting on the serving thread
 * 8% (bench/RESULTS.md).
 */
final class LineWriter implements AutoCloseable {

  static final Duration PAUSE = Duration.ofMillis(20);
  // Beyond this many waiting lines, serving threads wait for the writer (stdout is not keeping up).
  private static final int CAPACITY = 65_536;
  private static final int BATCH_BYTES = 256 * 1024;

  private final MpscArrayQueue<AccessLogEntry> queue = new MpscArrayQueue<>(CAPACITY);
  private final LogFormat format;
  private final OutputStream out;
  private final Thread thread;
  private volatile boolean closed;
  // The writer thread's own.
  private byte[] batch = new byte[BATCH_BYTES];
  private int used;

  LineWriter(LogFormat format, OutputStream out) {
    this.format = format;
    this.out = out;
    this.thread = Thread.ofPlatform().name("kubewsgi-access-log").daemon(true).start(this::run);
  }

  /** Queues an entry; its line is formatted and written on the writer's thread. */
  void write(AccessLogEntry entry) {
    while (!queue.offer(entry) && !closed) {
      LockSupport.parkNanos(PAUSE.toNanos() / 4); // full: stdout is not keeping up
    }
  }

  private void run() {
    StringBuilder line = new StringBuilder(512);
    while (true) {
      boolean last = closed;
      AccessLogEntry entry;
      while ((entry = queue.poll()) != null) {
        line.setLength(0);
        format.format(entry, line);
        add(line);
      }
      flush();
      if (last) {
        return;
      }
      LockSupport.parkNanos(PAUSE.toNanos());
    }
  }

  // The lines are ASCII (LogFormat escapes the rest): one byte per char.
  private void add(StringBuilder line) {
    int n = line.length();
    if (used + n + 1 > batch.length) {
      flush();
      if (n + 1 > batch.length) {
        batch = new byte[n + 1];
      }
    }
    for (int i = 0; i < n; i++) {
      batch[used++] = (byte) line.charAt(i);
    }
    batch[used++] = '\n';
  }

  private void flush() {
    if (used == 0) {
      return;
    }
    try {
      out.write(batch, 0, used);
      out.flush();
    } catch (IOException e) {
      // stdout is gone (the pod is ending); nothing else can be told.
    }
    used = 0;
  }

  /** Writes what is queued, waiting at most two seconds. */
  @Override
  public void close() {
    closed = true;
    LockSupport.unpark(thread);
    try {
      thread.join(TimeUnit.SECONDS.toMillis(2));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
