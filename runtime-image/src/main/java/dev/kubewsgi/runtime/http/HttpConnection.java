package dev.kubewsgi.runtime.http;

import dev.kubewsgi.runtime.http.ConnectionTimer.Kind;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.ReferenceCountUtil;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.concurrent.RejectedExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The state of one client connection, on its event loop: reads requests one at a time (pipelined
 * ones wait in order), streams the body to the exchange, writes what the worker sends, and enforces
 * the timeouts.
 */
final class HttpConnection extends ChannelInboundHandlerAdapter implements ExchangeChannel {

  private static final Logger log = LoggerFactory.getLogger(HttpConnection.class);

  private final RequestLimits limits;
  private final RequestHandler handler;
  private final Connections connections;

  private ChannelHandlerContext ctx;

  /** Decoded messages of requests after the current one (pipelining); bounded by one read each. */
  private final ArrayDeque<Object> backlog = new ArrayDeque<>(2);

  /** The exchange whose response is not finished yet. */
  private NettyExchange current;

  /** The request whose body is still arriving: the current one, or a finished one being skipped. */
  private boolean bodyOpen;

  private NettyExchange bodyOwner;
  private long bodyReceived;
  private boolean awaitingContinue;

  /**
   * No more requests on this connection (its framing is lost): close after the current response.
   */
  private boolean poisoned;

  private boolean closing;

  private ConnectionTimer timer;

  HttpConnection(RequestLimits limits, RequestHandler handler, Connections connections) {
    this.limits = limits;
    this.handler = handler;
    this.connections = connections;
  }

  // ---- lifecycle

  @Override
  public void handlerAdded(ChannelHandlerContext ctx) {
    this.ctx = ctx;
    this.timer = new ConnectionTimer(ctx.executor(), this::timedOut);
  }

  @Override
  public void channelActive(ChannelHandlerContext ctx) {
    connections.opened(this);
    arm(Kind.NEW_CONNECTION, limits.clientTimeout().toNanos());
    ctx.read();
    ctx.fireChannelActive();
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) {
    closing = true;
    disarm();
    backlog.forEach(ReferenceCountUtil::release);
    backlog.clear();
    IOException gone = new IOException("client closed the connection");
    if (bodyOwner != null && bodyOpen) {
      bodyOwner
          .streamingBody()
          .fail(new RequestBodyException(400, "client closed the connection mid-body"));
    }
    if (current != null) {
      current.broken(gone);
      endExchange();
    }
    connections.closed(this);
    ctx.fireChannelInactive();
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    if (!(cause instanceof IOException)) {
      log.warn("connection {}: {}", ctx.channel().remoteAddress(), cause.toString());
    }
    ctx.close();
  }

  /** Drain: closes the connection now when no request is under way on it. */
  void closeIfIdle() {
    ctx.executor()
        .execute(
            () -> {
              if (current == null && !bodyOpen && timer.kind() != Kind.HEAD && backlog.isEmpty()) {
                ctx.close();
              }
            });
  }

  void close() {
    ctx.close();
  }

  // ---- reading

  void bytesArrived() {
    if (timer.kind() == Kind.KEEP_ALIVE || timer.kind() == Kind.NEW_CONNECTION) {
      arm(Kind.HEAD, limits.clientTimeout().toNanos());
    }
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    if (closing || poisoned) {
      ReferenceCountUtil.release(msg);
    } else if (!backlog.isEmpty() || (current != null && !bodyOpen)) {
      backlog.add(msg);
    } else {
      process(msg);
    }
  }

  @Override
  public void channelReadComplete(ChannelHandlerContext ctx) {
    readIfWanted();
  }

  private void process(Object msg) {
    if (msg instanceof HttpRequest request) {
      onHead(request);
    } else if (msg instanceof HttpContent content) {
      onContent(content);
    } else {
      ReferenceCountUtil.release(msg);
    }
  }

  private void onHead(HttpRequest request) {
    disarm();
    RequestValidator.Verdict verdict = RequestValidator.check(request, limits);
    if (verdict instanceof RequestValidator.Rejected rejected) {
      if (request.decoderResult().isFailure()) {
        ReferenceCountUtil.release(request);
      }
      respondAndClose(rejected.status(), rejected.message(), rejected.head());
      return;
    }
    RequestValidator.Accepted accepted = (RequestValidator.Accepted) verdict;
    long length = accepted.contentLength();
    bodyOpen = true;
    bodyReceived = 0;
    awaitingContinue = accepted.expectContinue();
    NettyExchange exchange =
        new NettyExchange(
            this, request, length, accepted.head(), accepted.keepAlive(), connections);
    current = exchange;
    bodyOwner = exchange;
    connections.exchangeStarted();
    try {
      handler.handle(exchange);
    } catch (RuntimeException e) {
      log.error("request handler failed for {} {}", request.method(), request.uri(), e);
      exchange.fail(500, "Internal Server Error");
    }
    if (current == exchange && bodyOpen && length != 0 && !awaitingContinue) {
      arm(Kind.BODY, limits.clientTimeout().toNanos());
    }
  }

  private void onContent(HttpContent content) {
    boolean last = content instanceof LastHttpContent;
    if (content.decoderResult().isFailure()) {
      content.release();
      bodyOpen = false;
      disarm();
      poisoned = true; // the decoder discards everything after a bad chunk
      if (bodyOwner != null) {
        bodyOwner
            .streamingBody()
            .fail(new RequestBodyException(400, "Malformed chunked request body"));
      }
      if (current == null) {
        ctx.close();
      }
      return;
    }
    bodyReceived += content.content().readableBytes();
    boolean tooLarge = bodyReceived > limits.maxBodySize();
    if (current == null || bodyOwner != current) {
      // Skipping the unread rest of a finished request's body.
      content.release();
      if (tooLarge) {
        ctx.close();
      } else if (last) {
        bodyOpen = false;
        bodyOwner = null;
        nextRequest();
      }
      return;
    }
    StreamingRequestBody body = current.streamingBody();
    if (body == null) {
      content.release(); // no body declared: only the decoder's empty end marker
      if (last) {
        bodyOpen = false;
      }
      return;
    }
    if (tooLarge) {
      content.release();
      bodyOpen = false;
      poisoned = true;
      disarm();
      body.fail(
          new RequestBodyException(
              413, "Request body larger than " + limits.maxBodySize() + " bytes"));
      return;
    }
    boolean room = body.offer(content.content());
    if (last) {
      body.end();
      bodyOpen = false;
      disarm();
    } else if (!room) {
      disarm(); // we stopped reading: the client is not slow, the app is; bodyResume re-arms
    } else if (timer.kind() == Kind.BODY) {
      timer.extend(limits.clientTimeout().toNanos());
    }
  }

  private void readIfWanted() {
    if (wantsRead()) {
      ctx.read();
    }
  }

  private boolean wantsRead() {
    if (closing || poisoned || !backlog.isEmpty()) {
      return false;
    }
    if (current == null) {
      return true; // idle, or skipping a finished request's body
    }
    StreamingRequestBody body = current.streamingBody();
    return bodyOpen && bodyOwner == current && !awaitingContinue && (body == null || !body.full());
  }

  // ---- demand from the worker reading the body

  @Override
  public void bodyFirstRead(NettyExchange exchange) {
    onLoop(() -> sendContinue(exchange));
  }

  @Override
  public void bodyResume(NettyExchange exchange) {
    onLoop(
        () -> {
          if (exchange == current && bodyOpen) {
            if (timer.kind() == Kind.NONE) {
              arm(Kind.BODY, limits.clientTimeout().toNanos());
            }
            readIfWanted();
          }
        });
  }

  private void onLoop(Runnable action) {
    if (ctx.executor().inEventLoop()) {
      action.run();
      return;
    }
    try {
      ctx.executor().execute(action);
    } catch (RejectedExecutionException e) {
      // The server has stopped: the channel is closed and its body already failed.
    }
  }

  private void sendContinue(NettyExchange exchange) {
    if (exchange != current || !awaitingContinue || closing) {
      return;
    }
    awaitingContinue = false;
    ctx.writeAndFlush(ResponseEncoder.continue100(), ctx.voidPromise());
    arm(Kind.BODY, limits.clientTimeout().toNanos());
    readIfWanted();
  }

  // ---- writing, called on the event loop by the exchange's tasks

  @Override
  public void send(NettyExchange exchange, ByteBuf[] data, boolean end, boolean keepAlive) {
    if (exchange != current || closing) {
      for (ByteBuf b : data) {
        exchange.written(b.readableBytes(), null);
        b.release();
      }
      return;
    }
    for (ByteBuf b : data) {
      int size = b.readableBytes();
      ctx.write(b).addListener(f -> exchange.written(size, f.cause()));
    }
    if (end) {
      complete(exchange, keepAlive);
    } else {
      ctx.flush();
    }
  }

  @Override
  public void fail(NettyExchange exchange, int status, String message, boolean headSent) {
    if (exchange != current || closing) {
      return;
    }
    if (headSent) {
      endExchange();
      closing = true;
      ctx.close();
      return;
    }
    boolean keepAlive =
        exchange.keepAlive()
            && !connections.closeAfterResponse()
            && !bodyOpen
            && status != 408
            && status != 413
            && status != 400;
    ctx.write(errorResponse(status, message, exchange.isHead(), keepAlive), ctx.voidPromise());
    complete(exchange, keepAlive);
  }

  /** The response is written: serve the next request, or close. */
  private void complete(NettyExchange exchange, boolean keepAlive) {
    boolean close =
        !keepAlive
            || closing
            || poisoned
            || connections.closeAfterResponse()
            || (bodyOpen && awaitingContinue);
    endExchange();
    if (close) {
      closing = true;
      disarm();
      ctx.writeAndFlush(Unpooled.EMPTY_BUFFER).addListener(ChannelFutureListener.CLOSE);
      return;
    }
    ctx.flush();
    if (bodyOpen) {
      if (exchange.streamingBody() != null) {
        exchange.streamingBody().discard();
      }
      arm(Kind.BODY, limits.clientTimeout().toNanos());
      readIfWanted();
      return;
    }
    nextRequest();
  }

  private void endExchange() {
    if (current != null) {
      current = null;
      connections.exchangeEnded();
    }
  }

  private void nextRequest() {
    while (!backlog.isEmpty() && !closing && (current == null || bodyOpen)) {
      process(backlog.poll());
    }
    if (current == null && !bodyOpen && !closing) {
      if (connections.draining() && backlog.isEmpty()) {
        closing = true;
        ctx.close();
        return;
      }
      arm(Kind.KEEP_ALIVE, limits.keepAliveTimeout().toNanos());
    }
    readIfWanted();
  }

  /** An error before any exchange took the request: the connection cannot be trusted afterwards. */
  private void respondAndClose(int status, String message, boolean head) {
    closing = true;
    disarm();
    backlog.forEach(ReferenceCountUtil::release);
    backlog.clear();
    ctx.writeAndFlush(errorResponse(status, message, head, false))
        .addListener(ChannelFutureListener.CLOSE);
  }

  private ByteBuf errorResponse(int status, String message, boolean head, boolean keepAlive) {
    return ResponseEncoder.error(ctx.alloc(), status, message, head, keepAlive);
  }

  // ---- timeouts

  private void arm(Kind kind, long nanos) {
    timer.arm(kind, nanos);
  }

  private void disarm() {
    timer.disarm();
  }

  private void timedOut(Kind expired) {
    if (closing) {
      return;
    }
    switch (expired) {
      case NEW_CONNECTION, KEEP_ALIVE -> {
        closing = true;
        ctx.close();
      }
      case HEAD ->
          respondAndClose(408, "Request head not received within " + seconds() + " s", false);
      case BODY -> {
        poisoned = true;
        if (current != null && bodyOwner == current) {
          current
              .streamingBody()
              .fail(
                  new RequestBodyException(
                      408, "Request body not received within " + seconds() + " s"));
          bodyOpen = false;
        } else {
          ctx.close();
        }
      }
      case NONE -> {}
    }
  }

  private long seconds() {
    return limits.clientTimeout().toSeconds();
  }

  @Override
  public ChannelHandlerContext context() {
    return ctx;
  }
}
