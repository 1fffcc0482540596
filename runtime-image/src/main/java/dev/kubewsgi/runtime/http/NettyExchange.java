package dev.kubewsgi.runtime.http;

import io.netty.buffer.ByteBuf;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.util.AsciiString;
import io.netty.util.concurrent.EventExecutor;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.Iterator;
import java.util.Locale;
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
  /** The encoded head, held until the first body bytes so both leave in one buffer. */
  private ByteBuf pendingHead;
  private boolean bodiless;
  private boolean chunked;
  private boolean keepAlive;
  private long declaredLength = -1;
  private long written;

  // Shared with the event loop.
  private static final ByteBuf[] NO_BUFS = new ByteBuf[0];
  private final ArrayDeque<ByteBuf> outbox = new ArrayDeque<>(4);
  private final Runnable drain = this::drainOutbox;
  private boolean drainScheduled; // guarded by outbox
  private boolean ending; // guarded by outbox
  private boolean endKeepAlive; // guarded by outbox
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
    checkValue("reason phrase", reason);
    bodiless = head || status == 204 || status == 304 || status < 200;
    boolean closeAsked = false;
    boolean hasServer = false;
    boolean hasDate = false;
    int size = 64 + reason.length();
    for (int i = 0; i + 1 < headers.length; i += 2) {
      String name = headers[i];
      String value = headers[i + 1];
      checkName(name);
      checkValue(name, value);
      size += name.length() + value.length() + 4;
      // equalsIgnoreCase, not a switch on toLowerCase: no String per header per response.
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
        closeAsked |= value.toLowerCase(Locale.ROOT).contains("close");
      } else if (name.equalsIgnoreCase("server")) {
        hasServer = true;
      } else if (name.equalsIgnoreCase("date")) {
        hasDate = true;
      }
    }
    boolean http11 = request.protocolVersion().equals(HttpVersion.HTTP_1_1);
    boolean closeDelimited = false;
    if (!bodiless && declaredLength < 0) {
      if (http11) {
        chunked = true;
      } else {
        closeDelimited = true;
      }
    }
    keepAlive = requestKeepAlive && !closeAsked && !closeDelimited && !connections.closeAfterResponse();

    ByteBuf buf = ResponseBytes.statusLine(connection.context().alloc(), status, reason, size + 128);
    for (int i = 0; i + 1 < headers.length; i += 2) {
      String name = headers[i];
      if (isHopByHop(name)) {
        continue;
      }
      ResponseBytes.header(buf, name, headers[i + 1]);
    }
    if (!hasServer) {
      ResponseBytes.header(buf, HttpHeaderNames.SERVER, SERVER);
    }
    if (!hasDate) {
      ResponseBytes.header(buf, HttpHeaderNames.DATE, HttpDate.now());
    }
    if (chunked) {
      ResponseBytes.header(buf, HttpHeaderNames.TRANSFER_ENCODING, HttpHeaderValues.CHUNKED);
    }
    if (!keepAlive) {
      ResponseBytes.header(buf, HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
    } else if (!http11) {
      ResponseBytes.header(buf, HttpHeaderNames.CONNECTION, HttpHeaderValues.KEEP_ALIVE);
    }
    ResponseBytes.endHead(buf);
    pendingHead = buf;
    headSent = true;
  }

  private static boolean isHopByHop(String name) {
    return name.equalsIgnoreCase("connection")
        || name.equalsIgnoreCase("transfer-encoding")
        || name.equalsIgnoreCase("keep-alive");
  }

  private static void checkName(String name) {
    if (name.isEmpty()) {
      throw new IllegalArgumentException("response header with an empty name");
    }
    for (int i = 0; i < name.length(); i++) {
      if (!ResponseBytes.isTokenChar(name.charAt(i))) {
        throw new IllegalArgumentException(
            "response header name '%s': character U+%04X at index %d is not allowed"
                .formatted(name, (int) name.charAt(i), i));
      }
    }
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
    if (finished || n == 0 || bodiless) {
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
    int limit = chunk.limit();
    chunk.limit(chunk.position() + n);
    ByteBuf out = take(n + (chunked ? ResponseBytes.CHUNK_OVERHEAD : 0));
    ResponseBytes.body(out, chunk, chunked);
    chunk.limit(limit).position(limit);
    written += n;
    boolean last = declaredLength >= 0 && written == declaredLength;
    if (last) {
      finished = true;
    }
    submit(out, last, keepAlive);
  }

  /**
   * Hands {@code out} (may be null) to the event loop, ending the exchange when {@code end}. Writes queue up
   * while a drain is pending, so a worker that outpaces the event loop costs one wake-up and one flush for
   * several chunks, and never a delay: the pending drain sends them.
   */
  private void submit(ByteBuf out, boolean end, boolean keep) {
    boolean schedule;
    synchronized (outbox) {
      if (out != null) {
        inFlight.addAndGet(out.readableBytes());
        outbox.add(out);
      }
      if (end) {
        ending = true;
        endKeepAlive = keep;
      }
      schedule = !drainScheduled;
      drainScheduled = true;
    }
    if (schedule) {
      onLoop(drain);
    }
  }

  /** On the event loop: everything submitted so far goes to the connection. */
  private void drainOutbox() {
    ByteBuf[] bufs;
    boolean end;
    boolean keep;
    synchronized (outbox) {
      bufs = outbox.toArray(NO_BUFS);
      outbox.clear();
      drainScheduled = false;
      end = ending;
      keep = endKeepAlive;
    }
    connection.send(this, bufs, end, keep);
  }

  /** The buffer for the next bytes: the unsent head with room for {@code more}, or a new one. */
  private ByteBuf take(int more) {
    ByteBuf head = pendingHead;
    if (head == null) {
      return connection.context().alloc().directBuffer(more);
    }
    pendingHead = null;
    head.ensureWritable(more);
    return head;
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
    ByteBuf out = null;
    if (chunked) {
      out = take(5);
      ResponseBytes.lastChunk(out);
    } else if (pendingHead != null) {
      out = pendingHead;
      pendingHead = null;
    }
    boolean complete = bodiless || declaredLength < 0 || written == declaredLength;
    submit(out, true, keepAlive && complete);
  }

  @Override
  public void fail(int status, String message) {
    if (finished) {
      return;
    }
    finished = true;
    // The head may still be ours alone: then the client gets a proper error response.
    boolean onTheWire = headSent && pendingHead == null;
    if (pendingHead != null) {
      pendingHead.release();
      pendingHead = null;
    }
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
