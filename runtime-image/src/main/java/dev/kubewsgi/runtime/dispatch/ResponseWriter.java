package dev.kubewsgi.runtime.dispatch;

import dev.kubewsgi.runtime.http.HttpExchange;
import dev.kubewsgi.runtime.http.RequestBodyException;
import dev.kubewsgi.runtime.interp.ResponseSink;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends what the adapter produces to the exchange, streaming, and remembers the status for metrics.
 * A request timeout may end the exchange from another thread; the application's later output is
 * then refused, which also stops a Python loop that writes.
 */
final class ResponseWriter implements ResponseSink {

  private static final Logger log = LoggerFactory.getLogger(ResponseWriter.class);
  private static final Logger errors = LoggerFactory.getLogger("wsgi.errors");

  private final HttpExchange exchange;
  private final String servedBy;
  private final String interpreterId;
  private volatile int status;
  private volatile boolean done;
  private volatile long bytes;
  private volatile String user;

  ResponseWriter(HttpExchange exchange, String servedBy, String interpreterId) {
    this.exchange = exchange;
    this.servedBy = servedBy;
    this.interpreterId = interpreterId;
  }

  /** "GET /path [group/0]" for log lines; built only when one is written. */
  String requestLine() {
    return exchange.method() + " " + exchange.rawPath() + " [" + interpreterId + "]";
  }

  @Override
  public synchronized void head(int status, String reason, String[] headers) throws IOException {
    ensureOpen();
    String[] all = headers;
    if (servedBy != null) {
      all = Arrays.copyOf(headers, headers.length + 2);
      all[headers.length] = "X-Kubewsgi-Served-By";
      all[headers.length + 1] = servedBy;
    }
    exchange.sendHead(status, reason, all);
    this.status = status;
  }

  @Override
  public void write(ByteBuffer chunk) throws IOException {
    ensureOpen();
    if (!exchange.isHead()) {
      bytes += chunk.remaining();
    }
    exchange.write(chunk);
  }

  @Override
  public boolean sendFile(String path, long position, long count) throws IOException {
    ensureOpen();
    FileChannel file;
    try {
      Path regular = Path.of(path);
      if (!Files.isRegularFile(regular)) {
        return false;
      }
      file = FileChannel.open(regular, StandardOpenOption.READ);
    } catch (IOException | InvalidPathException e) {
      return false;
    }
    if (!exchange.isHead()) {
      bytes += count;
    }
    exchange.sendFile(file, position, count);
    return true;
  }

  @Override
  public synchronized void finish() {
    if (done) {
      return;
    }
    done = true;
    try {
      exchange.finish();
    } catch (IOException e) {
      log.debug(
          "{}: client went away before the end of the response: {}", requestLine(), e.toString());
    }
  }

  @Override
  public synchronized void fail(boolean headSent, String traceback, Exception bodyFailure) {
    if (done) {
      log.info("{}: the application raised after the response ended\n{}", requestLine(), traceback);
      return;
    }
    if (bodyFailure instanceof RequestBodyException body) {
      log.info(
          "{}: reading the request body failed ({}): {}",
          requestLine(),
          body.status(),
          body.getMessage());
      fail(body.status(), body.getMessage());
      return;
    }
    log.error(
        "{}: the application raised{}\n{}",
        requestLine(),
        headSent ? " after the response head was sent; aborting the response" : "",
        traceback);
    fail(500, "Internal Server Error");
  }

  /** Ends the exchange with an error status, or aborts it when the head was already sent. */
  synchronized void fail(int status, String message) {
    if (done) {
      return;
    }
    done = true;
    if (this.status == 0) {
      this.status = status;
      bytes = exchange.isHead() ? 0 : HttpExchange.failureBodyLength(message);
    }
    exchange.fail(status, message);
  }

  private void ensureOpen() throws IOException {
    if (done) {
      throw new IOException("the response has already ended (request timeout or client gone)");
    }
  }

  @Override
  public void log(String line) {
    errors.warn("{}: {}", requestLine(), line);
  }

  boolean done() {
    return done;
  }

  /** Body bytes sent. */
  long bytes() {
    return bytes;
  }

  /** The status sent, or 0 when nothing was. */
  int status() {
    return status;
  }

  @Override
  public void user(String name) {
    this.user = name;
  }

  /** REMOTE_USER as the auth hooks set it; null when none did. */
  String user() {
    return user;
  }
}
