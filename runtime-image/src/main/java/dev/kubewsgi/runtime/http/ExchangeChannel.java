package dev.kubewsgi.runtime.http;

import io.netty.channel.ChannelHandlerContext;

/**
 * What an exchange may ask of the connection it lives on: so that {@link NettyExchange} knows only
 * this, and the connection owns the exchange, never the other way round. Every method but {@link
 * #context} runs on the event loop.
 */
interface ExchangeChannel {

  ChannelHandlerContext context();

  /** The worker read the body for the first time: send {@code 100 Continue} if the client waits. */
  void bodyFirstRead(NettyExchange exchange);

  /** The worker made room in the body's buffer: read from the socket again. */
  void bodyResume(NettyExchange exchange);

  /** Writes the exchange's buffers and file regions; ends the exchange when {@code end}. */
  void send(NettyExchange exchange, Object[] data, boolean end, boolean keepAlive);

  /** Ends the exchange with an error response, or aborts the connection when the head is out. */
  void fail(NettyExchange exchange, int status, String message, boolean headSent);
}
