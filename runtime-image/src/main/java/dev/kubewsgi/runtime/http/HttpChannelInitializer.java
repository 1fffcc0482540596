package dev.kubewsgi.runtime.http;

import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.http.HttpDecoderConfig;
import io.netty.handler.flow.FlowControlHandler;

/**
 * The pipeline of one client connection: request decoder, one decoded message per read, then the
 * connection (which writes response bytes).
 */
final class HttpChannelInitializer extends ChannelInitializer<SocketChannel> {

  /** Body bytes per decoded piece: big enough that a 1 MiB upload is a handful of objects. */
  static final int MAX_CHUNK_SIZE = 64 * 1024;

  private final RequestLimits limits;
  private final RequestHandler handler;
  private final Connections connections;

  HttpChannelInitializer(RequestLimits limits, RequestHandler handler, Connections connections) {
    this.limits = limits;
    this.handler = handler;
    this.connections = connections;
  }

  @Override
  protected void initChannel(SocketChannel channel) {
    addHandlers(channel.pipeline(), limits, new HttpConnection(limits, handler, connections));
  }

  /**
   * The handlers, in order. The channel must not read on its own: the connection reads when it
   * wants a message, and the flow control handler holds what the decoder produced beyond it
   * (pipelined requests) until then. The channel turns unwritable when more than {@code
   * maxUnsentResponseBytes} wait to be sent: the connection then takes no next request.
   */
  static void addHandlers(
      ChannelPipeline pipeline, RequestLimits limits, HttpConnection connection) {
    int unsent = limits.maxUnsentResponseBytes();
    pipeline
        .channel()
        .config()
        .setWriteBufferWaterMark(new WriteBufferWaterMark(unsent / 2, unsent));
    pipeline
        .addLast("request-start", new RequestStartWatcher(connection))
        .addLast("decoder", new RequestDecoder(decoderConfig(limits)))
        .addLast("one-message-per-read", new FlowControlHandler())
        .addLast("connection", connection);
  }

  static HttpDecoderConfig decoderConfig(RequestLimits limits) {
    return new HttpDecoderConfig()
        .setMaxInitialLineLength(limits.maxRequestLineLength())
        .setMaxHeaderSize(limits.maxHeaderSize())
        .setMaxChunkSize(MAX_CHUNK_SIZE)
        .setValidateHeaders(true);
  }
}
