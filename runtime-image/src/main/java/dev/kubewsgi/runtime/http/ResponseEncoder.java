package dev.kubewsgi.runtime.http;

import io.netty.handler.codec.http.DefaultHttpResponse;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseEncoder;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;

/** Netty's response encoder, told which responses have no body (HEAD) without a method queue. */
final class ResponseEncoder extends HttpResponseEncoder {

  @Override
  protected boolean isContentAlwaysEmpty(HttpResponse msg) {
    return msg instanceof Bodiless || super.isContentAlwaysEmpty(msg);
  }

  /** A response head whose body is never sent: the answer to a HEAD request. */
  static final class Bodiless extends DefaultHttpResponse {
    Bodiless(HttpVersion version, HttpResponseStatus status) {
      super(version, status);
    }
  }
}
