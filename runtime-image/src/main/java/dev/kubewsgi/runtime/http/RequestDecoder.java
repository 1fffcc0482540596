package dev.kubewsgi.runtime.http;

import io.netty.handler.codec.http.HttpDecoderConfig;
import io.netty.handler.codec.http.HttpMessage;
import io.netty.handler.codec.http.HttpRequestDecoder;

/**
 * Netty's request decoder, refusing a request that has both Transfer-Encoding and Content-Length.
 */
final class RequestDecoder extends HttpRequestDecoder {

  RequestDecoder(HttpDecoderConfig config) {
    super(config);
  }

  @Override
  protected void handleTransferEncodingChunkedWithContentLength(HttpMessage message) {
    // A request smuggling vector (RFC 9112 6.1): refuse it (400) rather than guess which framing a
    // proxy used.
    throw new IllegalArgumentException("both Transfer-Encoding and Content-Length");
  }
}
