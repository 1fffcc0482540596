package dev.kubewsgi.runtime.http;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.Unpooled;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * HTTP/1.1 response bytes written straight into pooled buffers: the head, chunk framing, the last chunk.
 * One buffer per write, so a small response is a single buffer and a streamed chunk one more.
 */
final class ResponseBytes {

  private static final byte[] HTTP_1_1 = "HTTP/1.1 ".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] COLON_SPACE = {':', ' '};
  private static final byte[] CRLF = {'\r', '\n'};
  private static final byte[] LAST_CHUNK = "0\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] CONTINUE = "HTTP/1.1 100 Continue\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
  /** Room for a chunk's framing: up to 8 hex digits and two CRLFs. */
  static final int CHUNK_OVERHEAD = 12;

  private ResponseBytes() {}

  /** Starts a head: the status line. Headers follow with {@link #header}, then {@link #endHead}. */
  static ByteBuf statusLine(ByteBufAllocator alloc, int status, String reason, int capacity) {
    ByteBuf buf = alloc.directBuffer(capacity);
    buf.writeBytes(HTTP_1_1);
    buf.writeByte('0' + status / 100).writeByte('0' + status / 10 % 10).writeByte('0' + status % 10);
    buf.writeByte(' ');
    buf.writeCharSequence(reason, StandardCharsets.ISO_8859_1);
    buf.writeBytes(CRLF);
    return buf;
  }

  /** One header line; names and values are latin-1 strings, checked by the caller. */
  static void header(ByteBuf buf, CharSequence name, CharSequence value) {
    buf.writeCharSequence(name, StandardCharsets.ISO_8859_1);
    buf.writeBytes(COLON_SPACE);
    buf.writeCharSequence(value, StandardCharsets.ISO_8859_1);
    buf.writeBytes(CRLF);
  }

  static void endHead(ByteBuf buf) {
    buf.writeBytes(CRLF);
  }

  /** Appends {@code data} to {@code out}, framed as one chunk when {@code chunked}. */
  static void body(ByteBuf out, ByteBuffer data, boolean chunked) {
    int n = data.remaining();
    if (!chunked) {
      out.writeBytes(data);
      return;
    }
    out.writeCharSequence(Integer.toHexString(n), StandardCharsets.US_ASCII);
    out.writeBytes(CRLF);
    out.writeBytes(data);
    out.writeBytes(CRLF);
  }

  static void lastChunk(ByteBuf out) {
    out.writeBytes(LAST_CHUNK);
  }

  static ByteBuf lastChunk() {
    return Unpooled.wrappedBuffer(LAST_CHUNK);
  }

  static ByteBuf continue100() {
    return Unpooled.wrappedBuffer(CONTINUE);
  }

  /** Whether {@code c} may appear in a header name (an RFC 9110 token character). */
  static boolean isTokenChar(char c) {
    return c > 0x20 && c < 0x7f && "\"(),/:;<=>?@[\\]{}".indexOf(c) < 0;
  }
}
