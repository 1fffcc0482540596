package dev.kubewsgi.runtime.http;

import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.TooLongHttpHeaderException;
import io.netty.handler.codec.http.TooLongHttpLineException;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The checks a decoded request head must pass before an exchange takes it, and the status the
 * client gets when it does not: a malformed head, request target or Host (400), a request line or
 * headers over the limits (414, 431), an unknown version (505), a transfer coding other than
 * chunked (501), a bad Content-Length (400), a body over the limit (413), an Expect other than
 * 100-continue (417).
 */
final class RequestValidator {

  /** What the connection does with a head. */
  sealed interface Verdict {}

  /**
   * The request goes to an exchange.
   *
   * @param contentLength the declared body length, 0 for none, -1 when chunked
   * @param expectContinue the client waits for {@code 100 Continue} before sending the body
   */
  record Accepted(long contentLength, boolean head, boolean keepAlive, boolean expectContinue)
      implements Verdict {}

  /** The client gets {@code status} and {@code message}; the connection then closes. */
  record Rejected(int status, String message, boolean head) implements Verdict {}

  /** A scheme and {@code ://}: the start of an absolute-form target. */
  private static final Pattern ABSOLUTE_FORM = Pattern.compile("[A-Za-z][A-Za-z0-9+.-]*://");

  /**
   * RFC 9110 7.2: uri-host (reg-name, IPv4 or an IP literal) and an optional port; may be empty.
   */
  private static final Pattern HOST =
      Pattern.compile("(\\[[0-9A-Fa-f:.]+]|[A-Za-z0-9._~!$&'()*+,;=%-]*)(:[0-9]*)?");

  private RequestValidator() {}

  static Verdict check(HttpRequest request, RequestLimits limits) {
    if (request.decoderResult().isFailure()) {
      Throwable cause = request.decoderResult().cause();
      return new Rejected(decoderStatus(cause), decoderMessage(cause, limits), false);
    }
    HttpVersion version = request.protocolVersion();
    if (!version.equals(HttpVersion.HTTP_1_1) && !version.equals(HttpVersion.HTTP_1_0)) {
      return new Rejected(505, "HTTP version " + version.text() + " is not supported", false);
    }
    if (!validTarget(request.method().name(), request.uri())) {
      return new Rejected(400, "Malformed request target", false);
    }
    List<String> hosts = request.headers().getAll(HttpHeaderNames.HOST);
    if (hosts.size() > 1
        || hosts.isEmpty() && version.equals(HttpVersion.HTTP_1_1)
        || !hosts.isEmpty() && !HOST.matcher(hosts.getFirst()).matches()) {
      // RFC 9112 3.2: the one Host an HTTP/1.1 request must carry, never two, never garbage.
      return new Rejected(400, "Missing, repeated or malformed Host", false);
    }
    // The decoder already refused a coding list whose last coding is not chunked (400).
    boolean chunked = HttpUtil.isTransferEncodingChunked(request);
    if (request.headers().contains(HttpHeaderNames.TRANSFER_ENCODING)
        && !(chunked && onlyChunked(request))) {
      return new Rejected(501, "Transfer-Encoding other than chunked is not supported", false);
    }
    long length;
    try {
      length = chunked ? -1 : HttpUtil.getContentLength(request, 0L);
    } catch (NumberFormatException e) {
      return new Rejected(400, "Malformed Content-Length", false);
    }
    boolean head = request.method().name().equals("HEAD");
    if (length > limits.maxBodySize()) {
      return new Rejected(413, "Request body larger than " + limits.maxBodySize() + " bytes", head);
    }
    boolean expectContinue = false;
    String expect = request.headers().get(HttpHeaderNames.EXPECT);
    if (expect != null) {
      if (!HttpHeaderValues.CONTINUE.contentEqualsIgnoreCase(expect.trim())) {
        return new Rejected(417, "Unsupported Expect: " + expect, head);
      }
      expectContinue = version.equals(HttpVersion.HTTP_1_1) && length != 0;
    }
    return new Accepted(length, head, HttpUtil.isKeepAlive(request), expectContinue);
  }

  /**
   * Origin-form ({@code /path?q}), absolute-form ({@code http://host/path}) or, for OPTIONS, {@code
   * *}; no space or control character. Authority-form is CONNECT's, and this is no proxy.
   */
  private static boolean validTarget(String method, String target) {
    for (int i = 0; i < target.length(); i++) {
      char c = target.charAt(i);
      if (c <= ' ' || c == 0x7f) {
        return false;
      }
    }
    return target.startsWith("/")
        || target.equals("*") && method.equals("OPTIONS")
        || ABSOLUTE_FORM.matcher(target).lookingAt();
  }

  private static boolean onlyChunked(HttpRequest request) {
    for (String value : request.headers().getAll(HttpHeaderNames.TRANSFER_ENCODING)) {
      for (String coding : value.split(",")) {
        if (!coding.isBlank()
            && !HttpHeaderValues.CHUNKED.contentEqualsIgnoreCase(coding.strip())) {
          return false;
        }
      }
    }
    return true;
  }

  /** Why the decoder rejected a head, as the status the client gets. */
  static int decoderStatus(Throwable cause) {
    if (cause instanceof TooLongHttpLineException) {
      return 414;
    }
    if (cause instanceof TooLongHttpHeaderException) {
      return 431;
    }
    return 400;
  }

  private static String decoderMessage(Throwable cause, RequestLimits limits) {
    return switch (decoderStatus(cause)) {
      case 414 -> "Request line longer than " + limits.maxRequestLineLength() + " bytes";
      case 431 -> "Request headers larger than " + limits.maxHeaderSize() + " bytes";
      default -> "Malformed request: " + (cause == null ? "unknown" : cause.getMessage());
    };
  }
}
