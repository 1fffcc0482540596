package dev.kubewsgi.runtime.http;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.DefaultFileRegion;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.util.ReferenceCountUtil;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.util.Iterator;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An exchange on a Netty connection: the request as decoded, and a response driven by one worker
 * thread whose writes run as tasks on the connection's event loop.
 */
final class NettyExchange implements HttpExchange, StreamingRequestBody.Demand {

  private static final Logger log = LoggerFactory.getLogger(NettyExchange.class);

  private final ExchangeChannel connection;
  private final HttpRequest request;
  private final long contentLength;
  private final boolean head;
  private final boolean requestKeepAlive;
  private final Connections connections;
  private final StreamingRequestBody body;
  private final RequestTarget target;
  private final ResponseOutbox outbox;
  private String[] headers; // built on first use

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

  NettyExchange(
      ExchangeChannel connection,
      HttpRequest request,
      RequestValidator.Accepted accepted,
      Connections connections) {
    this.connection = connection;
    this.request = request;
    this.outbox =
        new ResponseOutbox(
            connection.context().executor(),
            (bufs, end, keep) -> connection.send(this, bufs, end, keep));
    this.contentLength = accepted.contentLength();
    this.head = accepted.head();
    this.requestKeepAlive = accepted.keepAlive();
    this.connections = connections;
    this.body = contentLength == 0 ? null : new StreamingRequestBody(this);
    this.target = RequestTarget.of(request.uri());
  }

  // ---- request

  @Override
  public String method() {
    return request.method().name();
  }

  @Override
  public String rawPath() {
    return target.rawPath();
  }

  @Override
  public String requestUri() {
    return request.uri();
  }

  @Override
  public String rawQuery() {
    return target.rawQuery();
  }

  @Override
  public String protocol() {
    return request.protocolVersion().text();
  }

  @Override
  public String[] headers() {
    String[] flat = headers;
    if (flat != null) {
      return flat;
    }
    HttpHeaders h = request.headers();
    flat = new String[h.size() * 2];
    int i = 0;
    for (Iterator<Map.Entry<CharSequence, CharSequence>> it = h.iteratorCharSequence();
        it.hasNext(); ) {
      Map.Entry<CharSequence, CharSequence> e = it.next();
      flat[i++] = e.getKey().toString();
      flat[i++] = e.getValue().toString();
    }
    // Proxies, the adapter and the access log all read them: built once (a race builds it twice).
    headers = flat;
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
    outbox.onLoop(() -> connection.bodyFirstRead(this));
  }

  @Override
  public void resume() {
    outbox.onLoop(() -> connection.bodyResume(this));
  }

  // ---- response

  @Override
  public void sendHead(int status, String reason, String[] headers) {
    if (headSent) {
      throw new IllegalStateException("response head already sent");
    }
    ResponseEncoder.Head encoded =
        ResponseEncoder.head(
            connection.context().alloc(),
            status,
            reason,
            headers,
            head,
            request.protocolVersion().equals(HttpVersion.HTTP_1_1),
            requestKeepAlive && !connections.closeAfterResponse());
    bodiless = encoded.bodiless();
    chunked = encoded.chunked();
    keepAlive = encoded.keepAlive();
    declaredLength = encoded.declaredLength();
    pendingHead = encoded.bytes();
    headSent = true;
  }

  @Override
  public void write(ByteBuffer chunk) throws IOException {
    if (!headSent) {
      throw new IllegalStateException("write() before sendHead()");
    }
    outbox.checkBroken();
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
    outbox.awaitWritable();
    int limit = chunk.limit();
    chunk.limit(chunk.position() + n);
    ByteBuf out = take(n + (chunked ? ResponseEncoder.CHUNK_OVERHEAD : 0));
    ResponseEncoder.body(out, chunk, chunked);
    chunk.limit(limit).position(limit);
    written += n;
    boolean last = declaredLength >= 0 && written == declaredLength;
    if (last) {
      finished = true;
    }
    outbox.submit(out, last, keepAlive);
  }

  @Override
  public void sendFile(FileChannel file, long position, long count) throws IOException {
    if (!headSent) {
      file.close();
      throw new IllegalStateException("sendFile() before sendHead()");
    }
    long n = count;
    if (declaredLength >= 0) {
      n = Math.min(n, declaredLength - written);
    }
    if (finished || n <= 0 || bodiless) {
      file.close();
      return;
    }
    try {
      outbox.checkBroken();
      outbox.awaitWritable();
    } catch (IOException e) {
      file.close();
      throw e;
    }
    // The head and a chunk's framing go first as bytes; the file's bytes by sendfile.
    if (chunked) {
      ByteBuf framing = take(ResponseEncoder.CHUNK_OVERHEAD);
      ResponseEncoder.chunkStart(framing, n);
      outbox.submit(framing, false, keepAlive);
    } else if (pendingHead != null) {
      outbox.submit(take(0), false, keepAlive);
    }
    written += n;
    boolean last = declaredLength >= 0 && written == declaredLength;
    if (last) {
      finished = true;
    }
    outbox.submit(new DefaultFileRegion(file, position, n), false, keepAlive);
    if (chunked) {
      outbox.submit(ResponseEncoder.chunkEnd(), false, keepAlive);
    } else if (last) {
      outbox.submit(null, true, keepAlive);
    }
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
      ResponseEncoder.lastChunk(out);
    } else if (pendingHead != null) {
      out = pendingHead;
      pendingHead = null;
    }
    boolean complete = bodiless || declaredLength < 0 || written == declaredLength;
    outbox.submit(out, true, keepAlive && complete);
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
    outbox.onLoop(() -> connection.fail(this, status, message, onTheWire));
  }

  /** On the event loop: hands this to {@code handler}; a handler that throws gets a 500. */
  void dispatchTo(RequestHandler handler) {
    try {
      handler.handle(this);
    } catch (RuntimeException e) {
      log.error("request handler failed for {} {}", method(), rawPath(), e);
      fail(500, "Internal Server Error");
    }
  }

  /**
   * On the event loop: writes {@code data} (buffers and file regions), counting each piece off when
   * it reaches the socket.
   */
  void write(ChannelHandlerContext ctx, Object[] data) {
    for (Object piece : data) {
      long size = ResponseOutbox.size(piece);
      ctx.write(piece).addListener(f -> written(size, f.cause()));
    }
  }

  /** On the event loop: the connection moved on, so {@code data} is dropped, not written. */
  void discard(Object[] data) {
    for (Object piece : data) {
      written(ResponseOutbox.size(piece), null);
      ReferenceCountUtil.release(piece);
    }
  }

  /** On the event loop: {@code size} bytes reached the socket, or failed with {@code cause}. */
  void written(long size, Throwable cause) {
    outbox.written(size, cause);
  }

  /** On the event loop: the client went away. */
  void broken(IOException cause) {
    outbox.broken(cause);
    if (body != null) {
      body.fail(new RequestBodyException(400, "client closed the connection"));
    }
  }
}
