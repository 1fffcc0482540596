package dev.kubewsgi.runtime.dispatch;

import dev.kubewsgi.runtime.http.RequestBody;
import dev.kubewsgi.runtime.interp.BodySource;
import java.io.IOException;

/**
 * The Java end of {@code wsgi.input}: the HTTP layer's body, which already ends at Content-Length
 * or the last chunk. Line handling (readline, readlines, iteration) is in the adapter's Python
 * buffer.
 */
final class WsgiInput implements BodySource {

  private final RequestBody body;

  WsgiInput(RequestBody body) {
    this.body = body;
  }

  @Override
  public int read(byte[] buffer, int offset, int len) throws IOException {
    return body.read(buffer, offset, len);
  }
}
