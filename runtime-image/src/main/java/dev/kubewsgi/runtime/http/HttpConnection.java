package dev.kubewsgi.runtime.http;

import dev.kubewsgi.runtime.http.ConnectionTimer.Kind;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.util.ReferenceCountUtil;
import java.io.IOException;
import java.util.ArrayDeque;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One client connection, on its event loop: frames requests one at a time (pipelined ones wait in
 * order), hands each to the handler as an exchange, writes what the worker sends, keeps the
 * connection alive or closes it, and enforces the timeouts. The body goes through {@link
 * RequestBodyReader}; the checks on a head are {@link RequestValidator}'s.
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

  private RequestBodyReader body;

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
    this.timer = new ConnectionTimer(ctx.executor(), limits, this::timedOut);
    this.body = new RequestBodyReader(limits, timer);
  }

  @Override
  public void channelActive(ChannelHandlerContext ctx) {
    connections.opened(this);
    timer.awaitFirstRequest();
    ctx.read();
    ctx.fireChannelActive();
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) {
    closing = true;
    timer.stop();
    dropBacklog();
    body.clientGone();
    if (current != null) {
      current.broken(new IOException("client closed the connection"));
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
              if (current == null
                  && !body.open()
                  && timer.kind() != Kind.HEAD
                  && backlog.isEmpty()) {
                ctx.close();
              }
            });
  }

  void close() {
    ctx.close();
  }

  // ---- reading

  void bytesArrived() {
    timer.awaitHead();
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    if (closing || poisoned) {
      ReferenceCountUtil.release(msg);
    } else if (!backlog.isEmpty() || (current != null && !body.open())) {
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
      switch (body.accept(content, current)) {
        case READ -> {}
        case NEXT_REQUEST -> nextRequest();
        case CLOSE -> ctx.close();
        case POISON -> {
          poisoned = true;
          if (current == null) {
            ctx.close();
          }
        }
      }
    } else {
      ReferenceCountUtil.release(msg);
    }
  }

  private void onHead(HttpRequest request) {
    timer.stop();
    RequestValidator.Verdict verdict = RequestValidator.check(request, limits);
    if (verdict instanceof RequestValidator.Rejected rejected) {
      if (request.decoderResult().isFailure()) {
        ReferenceCountUtil.release(request);
      }
      respondAndClose(rejected.status(), rejected.message(), rejected.head());
      return;
    }
    RequestValidator.Accepted accepted = (RequestValidator.Accepted) verdict;
    NettyExchange exchange = new NettyExchange(this, request, accepted, connections);
    current = exchange;
    body.start(exchange, accepted.expectContinue());
    connections.exchangeStarted();
    try {
      handler.handle(exchange);
    } catch (RuntimeException e) {
      log.error("request handler failed for {} {}", request.method(), request.uri(), e);
      exchange.fail(500, "Internal Server Error");
    }
    body.handed(exchange, current, accepted.contentLength());
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
    return current == null // idle, or skipping a finished request's body
        || body.wantsRead(current);
  }

  // ---- called on the event loop by the exchange's tasks

  @Override
  public void bodyFirstRead(NettyExchange exchange) {
    if (!closing && body.continueNow(exchange, current)) {
      ctx.writeAndFlush(ResponseEncoder.continue100(), ctx.voidPromise());
      readIfWanted();
    }
  }

  @Override
  public void bodyResume(NettyExchange exchange) {
    if (!closing && body.resume(exchange, current)) {
      readIfWanted();
    }
  }

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
            && !body.open()
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
            || body.neverContinued();
    endExchange();
    if (close) {
      closing = true;
      timer.stop();
      ctx.writeAndFlush(Unpooled.EMPTY_BUFFER).addListener(ChannelFutureListener.CLOSE);
      return;
    }
    ctx.flush();
    if (body.open()) {
      body.skipRest(exchange);
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
    while (!backlog.isEmpty() && !closing && (current == null || body.open())) {
      process(backlog.poll());
    }
    if (current == null && !body.open() && !closing) {
      if (connections.draining() && backlog.isEmpty()) {
        closing = true;
        ctx.close();
        return;
      }
      timer.awaitNextRequest();
    }
    readIfWanted();
  }

  /** An error before any exchange took the request: the connection cannot be trusted afterwards. */
  private void respondAndClose(int status, String message, boolean head) {
    closing = true;
    timer.stop();
    dropBacklog();
    ctx.writeAndFlush(errorResponse(status, message, head, false))
        .addListener(ChannelFutureListener.CLOSE);
  }

  private void dropBacklog() {
    backlog.forEach(ReferenceCountUtil::release);
    backlog.clear();
  }

  private ByteBuf errorResponse(int status, String message, boolean head, boolean keepAlive) {
    return ResponseEncoder.error(ctx.alloc(), status, message, head, keepAlive);
  }

  // ---- timeouts

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
          respondAndClose(
              408,
              "Request head not received within " + limits.clientTimeout().toSeconds() + " s",
              false);
      case BODY -> {
        poisoned = true;
        if (!body.timedOut(current)) {
          ctx.close();
        }
      }
      case NONE -> {}
    }
  }

  @Override
  public ChannelHandlerContext context() {
    return ctx;
  }
}
