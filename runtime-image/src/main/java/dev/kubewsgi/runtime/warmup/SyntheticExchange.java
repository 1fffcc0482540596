package dev.kubewsgi.runtime.warmup;

import dev.kubewsgi.runtime.http.HttpExchange;
import dev.kubewsgi.runtime.http.RequestBody;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;

/** An in-memory exchange for warm-up: a declared request in, the status and body size out. */
final class SyntheticExchange implements HttpExchange {

  private static final InetSocketAddress LOOPBACK = new InetSocketAddress("127.0.0.1", 0);

  private final String method;
  private final String rawPath;
  private final String rawQuery;
  private final String target;
  private final String[] headers;
  private final byte[] body;
  private int position;
  private int status;
  private long bytesSent;
  private boolean failed;

  SyntheticExchange(WarmupRequest request, long profile) {
    String target = request.target();
    int query = target.indexOf('?');
    this.method = request.method();
    this.target = target;
    this.rawPath = query < 0 ? target : target.substring(0, query);
    this.rawQuery = query < 0 ? "" : target.substring(query + 1);
    // A Host always, Content-Length with a body (without it environ has no CONTENT_LENGTH and the
    // application reads nothing): ClientHeaders built them once for this request.
    this.headers = request.headersFor(profile);
    this.body = request.body();
  }

  @Override
  public String method() {
    return method;
  }

  @Override
  public String rawPath() {
    return rawPath;
  }

  @Override
  public String requestUri() {
    return target;
  }

  @Override
  public String rawQuery() {
    return rawQuery;
  }

  @Override
  public String protocol() {
    return "HTTP/1.1";
  }

  @Override
  public String[] headers() {
    return headers;
  }

  @Override
  public long contentLength() {
    return body.length;
  }

  @Override
  public InetSocketAddress remoteAddress() {
    return LOOPBACK;
  }

  @Override
  public InetSocketAddress localAddress() {
    return LOOPBACK;
  }

  @Override
  public RequestBody body() {
    return (b, off, len) -> {
      if (position >= body.length) {
        return -1;
      }
      int n = Math.min(len, body.length - position);
      System.arraycopy(body, position, b, off, n);
      position += n;
      return n;
    };
  }

  @Override
  public boolean isHead() {
    return method.equals("HEAD");
  }

  @Override
  public void sendHead(int status, String reason, String[] headers) {
    this.status = status;
  }

  @Override
  public void write(ByteBuffer chunk) {
    bytesSent += chunk.remaining();
    chunk.position(chunk.limit());
  }

  @Override
  public void sendFile(FileChannel file, long position, long count) throws IOException {
    file.close();
    bytesSent += count;
  }

  @Override
  public void finish() {}

  @Override
  public void fail(int status, String message) {
    if (this.status == 0) {
      this.status = status;
    }
    failed = true;
  }

  /** The status the application answered, or that the runtime answered for it. */
  int status() {
    return status;
  }

  boolean failed() {
    return failed;
  }
}
