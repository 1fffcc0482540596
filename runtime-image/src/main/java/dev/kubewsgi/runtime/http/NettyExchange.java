package dev.kubewsgi.runtime.http;

import io.netty.buffer.ByteBuf;
import io.netty.handler.codec.http.DefaultHttpHeadersFactory;
import io.netty.handler.codec.http.DefaultHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.util.AsciiString;
import io.netty.util.concurrent.EventExecutor;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * An exchange on a Netty connection: the request as decoded, and a response driven by one worker thread
 * whose writes run as tasks on the connection's event loop.
 */
final class NettyExchange implements HttpExchange, StreamingRequestBody.Demand {

  static final AsciiString SERVER = AsciiString.cached("kubewsgi");

  /** Response bytes handed to the event loop and not yet written to the socket before a writer waits. */
  static final long WRITE_HIGH_WATER = 256 * 1024;

  private final HttpConnection connection;
  private final HttpRequest request;
  private final EventExecutor loop;
  private final long contentLength;
  private final boolean head;
  private final boolean requestKeepAlive;
  private final Connections connections;
  private final StreamingRequestBody body;
  private final String rawPath;
  private final String rawQuery;

  // Response state: touched by the worker thread only.
  private boolean headSent;
  private boolean finished;
  private HttpResponse pendingHead;
  private boolean bodiless;
  private boolean keepAlive;
  private long declaredLength = -1;
  private long written;

  // Shared with the event loop.
  private final AtomicLong inFlight = new AtomicLong();
  private volatile Thread waiter;
  private volatile IOException broken;

  NettyExchange(
      HttpConnection connection,
      HttpRequest request,
      long contentLength,
      boolean head,
      boolean requestKeepAlive,
      Connections connections) {
    this.connection = connection;
    this.request = request;
    this.loop = connection.context().executor();
    this.contentLength = contentLength;
    this.head = head;
    this.requestKeepAlive = requestKeepAlive;
    this.connections = connections;
    this.body = contentLength == 0 ? null : new StreamingRequestBody(this);
    String uri = request.uri();
    int start = pathStart(uri);
    int q = uri.indexOf('?', start);
    this.rawPath = q < 0 ? uri.substring(start) : uri.substring(start, q);
    this.rawQuery = q < 0 ? "" : uri.substring(q + 1);
  }

  /** Where the path starts in an origin-form or absolute-form request target. */
  private static int pathStart(String uri) {
    if (uri.startsWith("/") || uri.equals("*")) {
      return 0;
    }
    int scheme = uri.indexOf("://");
    if (scheme > 0) {
      int slash = uri.indexOf('/', scheme + 3);
      return slash < 0 ? uri.length() : slash;
    }
    return 0;
  }

  // ---- request

  @Override
  public String method() {
    return request.method().name();
  }

  @Override
  public String rawPath() {
    return rawPath.isEmpty() ? "/" : rawPath;
  }

  @Override
  public String rawQuery() {
    return rawQuery;
  }

  @Override
  public String protocol() {
    return request.protocolVersion().text();
  }

  @Override
  public String[] headers() {
    HttpHeaders h = request.headers();
    String[] flat = new String[h.size() * 2];
    int i = 0;
    for (Iterator<Map.Entry<CharSequence, CharSequence>> it = h.iteratorCharSequence(); it.hasNext(); ) {
      Map.Entry<CharSequence, CharSequence> e = it.next();
      flat[i++] = e.getKey().toString();
      flat[i++] = e.getValue().toString();
    }
    return flat;
  }

  @Override
  public long contentLength() {
    return contentLength;
  }

  @Override
  public InetSocketAddress remoteAddress() {
    return (InetSocketAddress) connection.context().channel().remoteAddress();
  }

  @Override
  public InetSocketAddress localAddress() {
    return (InetSocketAddress) connection.context().channel().localAddress();
  }

  @Override
  public RequestBody body() {
    return body == null ? RequestBody.EMPTY : body;
  }

  StreamingRequestBody streamingBody() {
    return body;
  }

  @Override
  public boolean isHead() {
    return head;
  }

  boolean keepAlive() {
    return requestKeepAlive;
  }

  @Override
  public void firstRead() {
    connection.bodyFirstRead(this);
  }

  @Override
  public void resume() {
    connection.bodyResume(this);
  }

  // ---- response

  @Override
  public void sendHead(int status, String reason, String[] headers) {
    if (headSent) {
      throw new IllegalStateException("response head already sent");
    }
    if (status < 100 || status > 999) {
      throw new IllegalArgumentException("status " + status + " is not a 3-digit HTTP status");
    }
    HttpResponseStatus st = HttpResponseStatus.valueOf(status, reason);
    bodiless = head || status == 204 || status == 304 || status < 200;
    HttpResponse response =
        bodiless
            ? new ResponseEncoder.Bodiless(HttpVersion.HTTP_1_1, st)
            : new DefaultHttpResponse(HttpVersion.HTTP_1_1, st, DefaultHttpHeadersFactory.headersFactory());
    HttpHeaders out = response.headers();
    boolean closeAsked = false;
    boolean hasServer = false;
    boolean hasDate = false;
    for (int i = 0; i + 1 < headers.length; i += 2) {
      String name = headers[i];
      String value = headers[i + 1];
      checkValue(name, value);
      if (name.equalsIgnoreCase("content-length")) {
        try {
          declaredLength = Long.parseLong(value.trim());
        } catch (NumberFormatException e) {
          throw new IllegalArgumentException("response header Content-Length: '" + value + "' is not a number");
        }
        if (declaredLength < 0) {
          throw new IllegalArgumentException("response header Content-Length: negative " + value);
        }
      } else if (name.equalsIgnoreCase("connection")) {
        // Hop-by-hop: the server decides; an application asking to close is honoured.
        closeAsked |= value.toLowerCase().contains("close");
        continue;
      } else if (name.equalsIgnoreCase("transfer-encoding") || name.equalsIgnoreCase("keep-alive")) {
        continue;
      } else if (name.equalsIgnoreCase("server")) {
        hasServer = true;
      } else if (name.equalsIgnoreCase("date")) {
        hasDate = true;
      }
      try {
        out.add(name, value);
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("response header name '" + name + "': " + e.getMessage(), e);
      }
    }
    if (!hasServer) {
      out.add(HttpHeaderNames.SERVER, SERVER);
    }
    if (!hasDate) {
      out.add(HttpHeaderNames.DATE, HttpDate.now());
    }
    boolean http11 = request.protocolVersion().equals(HttpVersion.HTTP_1_1);
    boolean closeDelimited = false;
    if (!bodiless && declaredLength < 0) {
      if (http11) {
        out.add(HttpHeaderNames.TRANSFER_ENCODING, HttpHeaderValues.CHUNKED);
      } else {
        closeDelimited = true;
      }
    }
    keepAlive = requestKeepAlive && !closeAsked && !closeDelimited && !connections.draining();
    if (!keepAlive) {
      out.add(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
    } else if (!http11) {
      out.add(HttpHeaderNames.CONNECTION, HttpHeaderValues.KEEP_ALIVE);
    }
    pendingHead = response;
    headSent = true;
  }

  private static void checkValue(String name, String value) {
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c == '\r' || c == '\n' || c == 0 || c > 0xff) {
        throw new IllegalArgumentException(
            "response header " + name + ": character U+%04X at index %d is not allowed".formatted((int) c, i));
      }
    }
  }

  @Override
  public void write(ByteBuffer chunk) throws IOException {
    if (!headSent) {
      throw new IllegalStateException("write() before sendHead()");
    }
    checkBroken();
    int n = chunk.remaining();
    if (finished || n == 0) {
      chunk.position(chunk.limit());
      return;
    }
    if (bodiless) {
      chunk.position(chunk.limit());
      return;
    }
    if (declaredLength >= 0) {
      long room = declaredLength - written;
      if (n > room) {
        // More than Content-Length promised: the excess is dropped, as mod_wsgi does.
        n = (int) room;
      }
    }
    awaitWritable();
    ByteBuf buf = connection.context().alloc().directBuffer(n);
    int limit = chunk.limit();
    chunk.limit(chunk.position() + n);
    buf.writeBytes(chunk);
    chunk.limit(limit).position(limit);
    written += n;
    boolean last = declaredLength >= 0 && written == declaredLength;
    HttpResponse h = pendingHead;
    pendingHead = null;
    if (last) {
      finished = true;
    }
    inFlight.addAndGet(n);
    int size = n;
    boolean keep = keepAlive;
    onLoop(() -> connection.writeBody(this, h, buf, size, last, keep));
  }

  @Override
  public void finish() throws IOException {
    if (finished) {
      return;
    }
    if (!headSent) {
      fail(500, "The application sent no response");
      return;
    }
    finished = true;
    HttpResponse h = pendingHead;
    pendingHead = null;
    boolean complete = bodiless || declaredLength < 0 || written == declaredLength;
    boolean keep = keepAlive && complete;
    onLoop(() -> connection.finish(this, h, keep));
  }

  @Override
  public void fail(int status, String message) {
    if (finished) {
      return;
    }
    finished = true;
    // The head may still be ours alone: then the client gets a proper error response.
    boolean onTheWire = headSent && pendingHead == null;
    pendingHead = null;
    onLoop(() -> connection.fail(this, status, message, onTheWire));
  }

  /**
   * Runs {@code action} on the connection's event loop: a task from a worker thread, at once when already
   * there (a handler answering inside {@link RequestHandler#handle}, e.g. a 503 when its queue is full).
   */
  private void onLoop(Runnable action) {
    if (loop.inEventLoop()) {
      action.run();
    } else {
      loop.execute(action);
    }
  }

  // ---- backpressure

  private void awaitWritable() throws IOException {
    if (inFlight.get() < WRITE_HIGH_WATER || loop.inEventLoop()) {
      return; // the event loop must never wait for itself
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
  void written(int size, Throwable cause) {
    if (cause != null && broken == null) {
      broken = cause instanceof IOException io ? io : new IOException("write failed: " + cause, cause);
    }
    long left = inFlight.addAndGet(-size);
    Thread w = waiter;
    if (w != null && (left < WRITE_HIGH_WATER || cause != null)) {
      LockSupport.unpark(w);
    }
  }

  void broken(IOException cause) {
    if (broken == null) {
      broken = cause;
    }
    if (body != null) {
      body.fail(new RequestBodyException(400, "client closed the connection"));
    }
    Thread w = waiter;
    if (w != null) {
      LockSupport.unpark(w);
    }
  }

  private void checkBroken() throws IOException {
    IOException e = broken;
    if (e != null) {
      throw new IOException("client connection lost: " + e.getMessage(), e);
    }
  }
}
