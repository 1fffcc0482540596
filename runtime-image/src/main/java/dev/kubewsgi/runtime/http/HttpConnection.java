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
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One client connection, on its event loop: takes decoded requests one at a time (a {@code
 * FlowControlHandler} in front holds pipelined ones, in order, until this asks for the next message
 * with a read), hands each to the handler as an exchange, writes what the worker sends, keeps the
 * connection alive or closes it, and enforces the timeouts. The body goes through {@link
 * RequestBodyReader}; the checks on a head are {@link RequestValidator}'s.
 */
final class HttpConnection extends ChannelInboundHandlerAdapter implements ExchangeChannel {

  private static final Logger log = LoggerFactory.getLogger(HttpConnection.class);

  private final RequestLimits limits;
  private final RequestHandler handler;
  private final Connections connections;
  private ChannelHandlerContext ctx;
  private ConnectionTimer timer;
  private RequestBodyReader body;

  /** The exchange whose response is not finished yet. */
  private NettyExchange current;

  private boolean closing;

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
    ctx.executor().execute(this::closeNowIfIdle);
  }

  private void closeNowIfIdle() {
    if (idle() && timer.kind() != Kind.HEAD) {
      ctx.close();
    }
  }

  void close() {
    ctx.close();
  }

  // ---- reading

  void bytesArrived() {
    timer.awaitHead();
  }

  /** One message per read: the next is asked for only when this one is taken care of. */
  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    if (closing || body.framingLost()) {
      ReferenceCountUtil.release(msg);
      return;
    }
    process(msg);
    readIfWanted();
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
      ReferenceCountUtil.release(request); // a decoder failure is a full request with content
      // Never dispatched, so not in the access log: say here who sent what.
      log.info("{}: {} {}", ctx.channel().remoteAddress(), rejected.status(), rejected.message());
      respondAndClose(rejected.status(), rejected.message(), rejected.head());
      return;
    }
    RequestValidator.Accepted accepted = (RequestValidator.Accepted) verdict;
    NettyExchange exchange = new NettyExchange(this, request, accepted, connections);
    current = exchange;
    body.start(exchange, accepted.expectContinue());
    connections.exchangeStarted();
    exchange.dispatchTo(handler);
    body.handed(exchange, current, accepted.contentLength());
  }

  /**
   * Reads when the body or the next request is wanted; the next request only while the responses
   * already written are being taken by the client ({@code maxUnsentResponseBytes}): a client that
   * pipelines requests and reads no response is not answered into an unbounded buffer.
   */
  private void readIfWanted() {
    if (!closing && body.wantsRead(current) && (current != null || ctx.channel().isWritable())) {
      ctx.read();
    }
  }

  @Override
  public void channelWritabilityChanged(ChannelHandlerContext ctx) {
    readIfWanted();
    ctx.fireChannelWritabilityChanged();
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
  public void send(NettyExchange exchange, Object[] data, boolean end, boolean keepAlive) {
    if (exchange != current || closing) {
      exchange.discard(data);
      return;
    }
    exchange.write(ctx, data);
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
      closeNow();
      return;
    }
    boolean keepAlive =
        exchange.keepAlive()
            && !connections.closeAfterResponse()
            && !body.open()
            && ResponseEncoder.errorKeepsConnection(status);
    ctx.write(
        ResponseEncoder.error(ctx.alloc(), status, message, exchange.isHead(), keepAlive),
        ctx.voidPromise());
    complete(exchange, keepAlive);
  }

  /** The response is written: serve the next request, or close. */
  private void complete(NettyExchange exchange, boolean keepAlive) {
    boolean close =
        !keepAlive
            || closing
            || body.framingLost()
            || connections.closeAfterResponse()
            || body.neverContinued();
    endExchange();
    if (close) {
      closeAfter(Unpooled.EMPTY_BUFFER);
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

  /** Takes a pipelined request if one is held; else closes when draining, or waits for one. */
  private void nextRequest() {
    readIfWanted();
    if (idle() && !closing) {
      if (connections.draining()) {
        closeNow();
        return;
      }
      timer.awaitNextRequest();
    }
  }

  /** An error before any exchange took the request: the connection cannot be trusted afterwards. */
  private void respondAndClose(int status, String message, boolean head) {
    closeAfter(ResponseEncoder.error(ctx.alloc(), status, message, head, false));
  }

  /** Writes {@code last}, then closes: requests held behind it will not be answered. */
  private void closeAfter(ByteBuf last) {
    closing = true;
    timer.stop();
    ctx.writeAndFlush(last).addListener(ChannelFutureListener.CLOSE);
  }

  private void closeNow() {
    closing = true;
    ctx.close();
  }

  /** No request is under way: none answered and no body being read or skipped. */
  private boolean idle() {
    return current == null && !body.open();
  }

  // ---- timeouts

  private void timedOut(Kind expired) {
    if (closing) {
      return;
    }
    switch (expired) {
      case NEW_CONNECTION, KEEP_ALIVE -> closeNow();
      case HEAD -> respondAndClose(408, limits.notReceived("Request head"), false);
      case BODY -> {
        if (!body.timedOut(current)) {
          ctx.close();
        }
      }
    }
  }

  @Override
  public ChannelHandlerContext context() {
    return ctx;
  }
}
