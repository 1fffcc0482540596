package dev.kubewsgi.runtime.accesslog;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Writes lines on a thread of its own, one write per batch of whatever lines are waiting: serving
 * threads never wait on stdout unless the queue is full, and a busy pod makes few system calls. A
 * per-line flush (Logback's console appender) would make one call per request.
 */
final class LineWriter implements AutoCloseable {

  private static final int QUEUE = 16_384;
  private static final int BATCH = 1_024;

  private final BlockingQueue<String> queue = new ArrayBlockingQueue<>(QUEUE);
  private final OutputStream out;
  private final Thread thread;
  private volatile boolean closed;

  LineWriter(OutputStream out) {
    this.out = out;
    this.thread = Thread.ofPlatform().name("kubewsgi-access-log").daemon(true).start(this::run);
  }

  /** Queues a line (without its newline); waits while the queue is full, as Apache's log would. */
  void write(String line) {
    try {
      queue.put(line);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private void run() {
    List<String> batch = new ArrayList<>(BATCH);
    StringBuilder text = new StringBuilder(64 * 1024);
    while (!closed || !queue.isEmpty()) {
      try {
        String first = queue.poll(200, TimeUnit.MILLISECONDS);
        if (first == null) {
          continue;
        }
        batch.add(first);
      } catch (InterruptedException e) {
        return;
      }
      queue.drainTo(batch, BATCH - 1);
      for (String line : batch) {
        text.append(line).append('\n');
      }
      batch.clear();
      try {
        out.write(text.toString().getBytes(StandardCharsets.US_ASCII));
        out.flush();
      } catch (IOException e) {
        // stdout is gone (the pod is ending); nothing else can be told.
      }
      text.setLength(0);
    }
  }

  /** Writes what is queued, waiting at most {@code timeout}. */
  @Override
  public void close() {
    close(Duration.ofSeconds(2));
  }

  void close(Duration timeout) {
    closed = true;
    try {
      thread.join(timeout);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
