package dev.kubewsgi.runtime.http;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;

/**
 * Sees raw bytes before the decoder, so the head timeout starts with the first byte of a request.
 */
final class RequestStartWatcher extends ChannelInboundHandlerAdapter {

  private final HttpConnection connection;

  RequestStartWatcher(HttpConnection connection) {
    this.connection = connection;
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    connection.bytesArrived();
    ctx.fireChannelRead(msg);
  }
}
