package dev.kubewsgi.runtime.http;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;

/**
 * One request and its response on one connection: the request side is immutable, the response side
 * is driven by one worker thread.
 */
public interface HttpExchange {

  /** The request method as sent, e.g. {@code GET}. */
  String method();

  /**
   * The request path, still percent-encoded, without the query; {@code *} for {@code OPTIONS *}.
   */
  String rawPath();

  /** The query string without the {@code ?}; empty when there is none. */
  String rawQuery();

  /** The request target as the client sent it, path and query (Apache's {@code REQUEST_URI}). */
  default String requestUri() {
    return rawQuery().isEmpty() ? rawPath() : rawPath() + "?" + rawQuery();
  }

  /** {@code HTTP/1.1} or {@code HTTP/1.0}. */
  String protocol();

  /**
   * Request headers as name, value, name, value...: names as sent, values decoded as latin-1. The
   * same array on every call: read it, never change it.
   */
  String[] headers();

  /** The first value of the request header {@code name} (any case), or null. */
  default String header(String name) {
    String[] headers = headers();
    for (int i = 0; i + 1 < headers.length; i += 2) {
      if (headers[i].equalsIgnoreCase(name)) {
        return headers[i + 1];
      }
    }
    return null;
  }

  /** The declared body length, 0 when there is no body, -1 when chunked. */
  long contentLength();

  InetSocketAddress remoteAddress();

  InetSocketAddress localAddress();

  /** The request body; reading it first sends {@code 100 Continue} when the client asked for it. */
  RequestBody body();

  /** Whether this is a HEAD request: the response head is sent, its body dropped. */
  boolean isHead();

  /**
   * Starts the response. Without a Content-Length header the body is chunked on HTTP/1.1 and ends
   * with the connection on HTTP/1.0. The Server and Date headers are added unless given.
   *
   * @param headers name, value, name, value... as the application gave them (latin-1 strings)
   * @throws IllegalArgumentException when a header name or value is not allowed (a CR or LF in it)
   * @throws IllegalStateException when the head was already sent
   */
  void sendHead(int status, String reason, String[] headers);

  /**
   * Sends part of the body; blocks the calling thread while the client is not reading fast enough.
   * The buffer is consumed before this returns. Never call it on an event loop.
   *
   * @throws IOException when the client went away
   */
  void write(ByteBuffer chunk) throws IOException;

  /**
   * Sends {@code count} bytes of {@code file} from {@code position} as part of the body, zero-copy
   * (sendfile) where the transport allows it. Takes {@code file}: it is closed once sent, or at
   * once when nothing is to be sent (a HEAD request, a Content-Length already reached). Like {@link
   * #write}, waits while the client is slow, except on an event loop.
   *
   * @throws IOException when the client went away
   */
  void sendFile(FileChannel file, long position, long count) throws IOException;

  /** Ends the response; the connection then serves its next request or closes. */
  void finish() throws IOException;

  /**
   * Ends the exchange with an error: a response with {@code status} and {@code message} as text
   * when the head has not been sent yet, otherwise the connection is aborted so the client sees a
   * truncated response.
   */
  void fail(int status, String message);

  /** Body bytes of what {@link #fail} sends while the head is unsent: the message and a newline. */
  static long failureBodyLength(String message) {
    return message.length() + 1L;
  }
}
