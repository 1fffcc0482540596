package dev.kubewsgi.runtime.http;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.util.AsciiString;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * HTTP/1.1 response bytes written straight into pooled buffers: the head an application asked for
 * (checked, with the framing and Connection header the server decides), the runtime's own error
 * responses, chunk framing, the last chunk. One buffer per write, so a small response is a single
 * buffer and a streamed chunk one more.
 */
final class ResponseEncoder {

  static final AsciiString SERVER = AsciiString.cached("kubewsgi");

  /**
   * An encoded response head and what it decided about the body.
   *
   * @param declaredLength the application's Content-Length, or -1
   */
  record Head(
      ByteBuf bytes, boolean bodiless, boolean chunked, boolean keepAlive, long declaredLength) {}

  private static final byte[] HTTP_1_1 = "HTTP/1.1 ".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] COLON_SPACE = {':', ' '};
  private static final byte[] CRLF = {'\r', '\n'};
  private static final byte[] LAST_CHUNK = "0\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] CONTINUE =
      "HTTP/1.1 100 Continue\r\n\r\n".getBytes(StandardCharsets.US_ASCII);

  /** Room for a chunk's framing: up to 8 hex digits and two CRLFs. */
  static final int CHUNK_OVERHEAD = 12;

  private ResponseEncoder() {}

  /**
   * Encodes an application's response head. Without a Content-Length the body is chunked on
   * HTTP/1.1 and ends with the connection on HTTP/1.0; hop-by-hop headers are the server's, an
   * application asking to close is honoured; Server and Date are added unless given.
   *
   * @param headers name, value, name, value... as the application gave them (latin-1 strings)
   * @param keepAliveAllowed the request and the server allow the connection to stay open
   * @throws IllegalArgumentException when the status, a name or a value is not allowed
   */
  static Head head(
      ByteBufAllocator alloc,
      int status,
      String reason,
      String[] headers,
      boolean headRequest,
      boolean http11,
      boolean keepAliveAllowed) {
    if (status < 100 || status > 999) {
      throw new IllegalArgumentException("status " + status + " is not a 3-digit HTTP status");
    }
    checkValue("reason phrase", reason);
    boolean bodiless = headRequest || status == 204 || status == 304 || status < 200;
    long declaredLength = -1;
    boolean closeAsked = false;
    boolean hasServer = false;
    boolean hasDate = false;
    int size = 64 + reason.length();
    for (int i = 0; i + 1 < headers.length; i += 2) {
      String name = headers[i];
      String value = headers[i + 1];
      checkName(name);
      checkValue(name, value);
      size += name.length() + value.length() + 4;
      // equalsIgnoreCase, not a switch on toLowerCase: no String per header per response.
      if (name.equalsIgnoreCase("content-length")) {
        try {
          declaredLength = Long.parseLong(value.trim());
        } catch (NumberFormatException e) {
          throw new IllegalArgumentException(
              "response header Content-Length: '" + value + "' is not a number");
        }
        if (declaredLength < 0) {
          throw new IllegalArgumentException("response header Content-Length: negative " + value);
        }
      } else if (name.equalsIgnoreCase("connection")) {
        // Hop-by-hop: the server decides; an application asking to close is honoured.
        closeAsked |= value.toLowerCase(Locale.ROOT).contains("close");
      } else if (name.equalsIgnoreCase("server")) {
        hasServer = true;
      } else if (name.equalsIgnoreCase("date")) {
        hasDate = true;
      }
    }
    boolean chunked = false;
    boolean closeDelimited = false;
    if (!bodiless && declaredLength < 0) {
      if (http11) {
        chunked = true;
      } else {
        closeDelimited = true;
      }
    }
    boolean keepAlive = keepAliveAllowed && !closeAsked && !closeDelimited;

    ByteBuf buf = statusLine(alloc, status, reason, size + 128);
    for (int i = 0; i + 1 < headers.length; i += 2) {
      String name = headers[i];
      if (isHopByHop(name)) {
        continue;
      }
      header(buf, name, headers[i + 1]);
    }
    if (!hasServer) {
      header(buf, HttpHeaderNames.SERVER, SERVER);
    }
    if (!hasDate) {
      header(buf, HttpHeaderNames.DATE, HttpDate.now());
    }
    if (chunked) {
      header(buf, HttpHeaderNames.TRANSFER_ENCODING, HttpHeaderValues.CHUNKED);
    }
    if (!keepAlive) {
      header(buf, HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
    } else if (!http11) {
      header(buf, HttpHeaderNames.CONNECTION, HttpHeaderValues.KEEP_ALIVE);
    }
    endHead(buf);
    return new Head(buf, bodiless, chunked, keepAlive, declaredLength);
  }

  /**
   * Whether a connection can serve another request after this error status: not after a timeout, an
   * oversized body or a malformed request, where the rest of the stream cannot be trusted.
   */
  static boolean errorKeepsConnection(int status) {
    return status != 408 && status != 413 && status != 400;
  }

  /** The runtime's own error response: {@code message} as text, Content-Length framed. */
  static ByteBuf error(
      ByteBufAllocator alloc, int status, String message, boolean headRequest, boolean keepAlive) {
    byte[] text = (message + "\n").getBytes(StandardCharsets.ISO_8859_1);
    HttpResponseStatus st = HttpResponseStatus.valueOf(status);
    ByteBuf buf = statusLine(alloc, status, st.reasonPhrase(), 256 + text.length);
    header(buf, HttpHeaderNames.CONTENT_TYPE, HttpHeaderValues.TEXT_PLAIN);
    header(buf, HttpHeaderNames.CONTENT_LENGTH, Integer.toString(text.length));
    header(buf, HttpHeaderNames.SERVER, SERVER);
    header(buf, HttpHeaderNames.DATE, HttpDate.now());
    if (status == 503) {
      // The runtime's 503s are overload (queue full, queue timeout) or a recycled worker: try
      // again soon, here or at another pod.
      header(buf, HttpHeaderNames.RETRY_AFTER, "1");
    }
    if (!keepAlive) {
      header(buf, HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
    }
    endHead(buf);
    if (!headRequest) {
      buf.writeBytes(text);
    }
    return buf;
  }

  private static boolean isHopByHop(String name) {
    return name.equalsIgnoreCase("connection")
        || name.equalsIgnoreCase("transfer-encoding")
        || name.equalsIgnoreCase("keep-alive");
  }

  private static void checkName(String name) {
    if (name.isEmpty()) {
      throw new IllegalArgumentException("response header with an empty name");
    }
    for (int i = 0; i < name.length(); i++) {
      if (!isTokenChar(name.charAt(i))) {
        throw new IllegalArgumentException(
            "response header name '%s': character U+%04X at index %d is not allowed"
                .formatted(name, (int) name.charAt(i), i));
      }
    }
  }

  private static void checkValue(String name, String value) {
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c == '\r' || c == '\n' || c == 0 || c > 0xff) {
        throw new IllegalArgumentException(
            "response header "
                + name
                + ": character U+%04X at index %d is not allowed".formatted((int) c, i));
      }
    }
  }

  /** Starts a head: the status line. Headers follow with {@link #header}, then {@link #endHead}. */
  static ByteBuf statusLine(ByteBufAllocator alloc, int status, String reason, int capacity) {
    ByteBuf buf = alloc.directBuffer(capacity);
    buf.writeBytes(HTTP_1_1);
    buf.writeByte('0' + status / 100)
        .writeByte('0' + status / 10 % 10)
        .writeByte('0' + status % 10);
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

  /** A chunk's size line, for a chunk whose data goes out separately (a file region). */
  static void chunkStart(ByteBuf out, long size) {
    out.writeCharSequence(Long.toHexString(size), StandardCharsets.US_ASCII);
    out.writeBytes(CRLF);
  }

  /** The CRLF after a chunk's data. */
  static ByteBuf chunkEnd() {
    return Unpooled.wrappedBuffer(CRLF);
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
