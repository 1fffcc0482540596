package dev.kubewsgi.runtime.http;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * A plain Java application for the functional tests, one route per behaviour, run on worker threads
 * as the dispatcher would: {@code /hello}, {@code /echo}, {@code /stream?n=&size=}, {@code
 * /big?bytes=}, {@code /reject}, {@code /hold}, {@code /boom}, {@code /query}.
 */
final class FixtureHandler implements RequestHandler, AutoCloseable {

  private final ExecutorService workers = Executors.newFixedThreadPool(8);
  volatile Throwable lastWriteFailure;

  /** Body bytes handed to write() by /big, to see backpressure stop the writer. */
  final java.util.concurrent.atomic.AtomicLong bigWritten =
      new java.util.concurrent.atomic.AtomicLong();

  /** /hold waits for this before reading its body. */
  final java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);

  /** What escaped a request's handling: nothing, whatever the connection or the server did. */
  volatile Throwable escaped;

  /** Requests whose handling has ended, escaped or not. */
  final java.util.concurrent.atomic.AtomicLong handled =
      new java.util.concurrent.atomic.AtomicLong();

  @Override
  public void handle(HttpExchange exchange) {
    workers.execute(
        () -> {
          try {
            serve(exchange);
          } catch (Throwable t) {
            escaped = t;
          } finally {
            handled.incrementAndGet();
          }
        });
  }

  private void serve(HttpExchange ex) {
    try {
      switch (ex.rawPath()) {
        case "/hello" -> text(ex, "hello\n");
        case "/query" ->
            text(
                ex, ex.method() + " " + ex.rawPath() + " ? " + ex.rawQuery() + " " + ex.protocol());
        case "/echo" -> echo(ex, param(ex, "chunked") != null);
        case "/stream" -> stream(ex, intParam(ex, "n", 3), intParam(ex, "size", 5));
        case "/big" -> big(ex, intParam(ex, "bytes", 1 << 20));
        case "/reject" -> {
          ex.sendHead(403, "Forbidden", new String[] {"Content-Length", "2"});
          ex.write(ByteBuffer.wrap("no".getBytes(StandardCharsets.US_ASCII)));
          ex.finish();
        }
        case "/hold" -> {
          release.await();
          echoLength(ex);
        }
        case "/late" -> {
          // Answers only after the test stopped the server: two writes, the second must fail.
          release.await();
          ex.sendHead(200, "OK", new String[] {"Content-Length", "4"});
          ex.write(ByteBuffer.wrap(new byte[] {'l', 'a'}));
          ex.write(ByteBuffer.wrap(new byte[] {'t', 'e'}));
          ex.finish();
        }
        case "/inject" -> ex.sendHead(200, "OK", new String[] {"X-A", "a\r\nSet-Cookie: b"});
        case "/boom" -> throw new IllegalStateException("boom");
        default -> {
          ex.sendHead(404, "Not Found", new String[] {"Content-Length", "0"});
          ex.finish();
        }
      }
    } catch (RequestBodyException e) {
      ex.fail(e.status(), e.getMessage());
    } catch (IOException e) {
      lastWriteFailure = e;
      ex.fail(500, e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (RuntimeException e) {
      ex.fail(500, "Internal Server Error: " + e.getMessage());
    }
  }

  private static void text(HttpExchange ex, String s) throws IOException {
    byte[] b = s.getBytes(StandardCharsets.ISO_8859_1);
    ex.sendHead(
        200,
        "OK",
        new String[] {"Content-Type", "text/plain", "Content-Length", Integer.toString(b.length)});
    ex.write(ByteBuffer.wrap(b));
    ex.finish();
  }

  private static void echo(HttpExchange ex, boolean chunked) throws IOException {
    java.io.ByteArrayOutputStream all = new java.io.ByteArrayOutputStream();
    byte[] buf = new byte[16384];
    for (int n; (n = ex.body().read(buf, 0, buf.length)) != -1; ) {
      all.write(buf, 0, n);
    }
    byte[] b = all.toByteArray();
    ex.sendHead(
        200,
        "OK",
        chunked
            ? new String[] {"Content-Type", "application/octet-stream"}
            : new String[] {
              "Content-Type",
              "application/octet-stream",
              "Content-Length",
              Integer.toString(b.length)
            });
    ex.write(ByteBuffer.wrap(b));
    ex.finish();
  }

  private static void echoLength(HttpExchange ex) throws IOException {
    byte[] buf = new byte[65536];
    long total = 0;
    for (int n; (n = ex.body().read(buf, 0, buf.length)) != -1; ) {
      total += n;
    }
    text(ex, Long.toString(total));
  }

  private static void stream(HttpExchange ex, int n, int size) throws IOException {
    ex.sendHead(200, "OK", new String[] {"Content-Type", "text/plain"});
    for (int i = 0; i < n; i++) {
      byte[] b = new byte[size];
      java.util.Arrays.fill(b, (byte) ('a' + i % 26));
      ex.write(ByteBuffer.wrap(b));
    }
    ex.finish();
  }

  private void big(HttpExchange ex, int bytes) throws IOException {
    ex.sendHead(200, "OK", new String[] {"Content-Length", Integer.toString(bytes)});
    ByteBuffer block = ByteBuffer.allocate(64 * 1024);
    for (int left = bytes; left > 0; ) {
      block.clear().limit(Math.min(left, block.capacity()));
      left -= block.remaining();
      ex.write(block);
      bigWritten.addAndGet(block.limit());
    }
    ex.finish();
  }

  private static String param(HttpExchange ex, String name) {
    for (String kv : ex.rawQuery().split("&")) {
      int eq = kv.indexOf('=');
      String k = eq < 0 ? kv : kv.substring(0, eq);
      if (k.equals(name)) {
        return eq < 0 ? "" : kv.substring(eq + 1);
      }
    }
    return null;
  }

  private static int intParam(HttpExchange ex, String name, int dflt) {
    String v = param(ex, name);
    return v == null ? dflt : Integer.parseInt(v);
  }

  @Override
  public void close() {
    workers.shutdownNow();
  }
}
