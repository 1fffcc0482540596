package dev.kubewsgi.runtime.http;

import io.netty.channel.ChannelInitializer;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.http.HttpDecoderConfig;

/**
 * The pipeline of one client connection: request decoder, then the connection (which writes
 * response bytes).
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
    HttpConnection connection = new HttpConnection(limits, handler, connections);
    channel
        .pipeline()
        .addLast("request-start", new RequestStartWatcher(connection))
        .addLast("decoder", new RequestDecoder(decoderConfig(limits)))
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
