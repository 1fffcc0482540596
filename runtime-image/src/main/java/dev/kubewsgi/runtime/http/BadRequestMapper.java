package dev.kubewsgi.runtime.http;

import io.netty.handler.codec.http.TooLongHttpHeaderException;
import io.netty.handler.codec.http.TooLongHttpLineException;

/** Maps why the decoder rejected a request head to the status the client gets. */
final class BadRequestMapper {

  private BadRequestMapper() {}

  static int status(Throwable cause) {
    if (cause instanceof TooLongHttpLineException) {
      return 414;
    }
    if (cause instanceof TooLongHttpHeaderException) {
      return 431;
    }
    return 400;
  }

  static String message(Throwable cause, RequestLimits limits) {
    return switch (status(cause)) {
      case 414 -> "Request line longer than " + limits.maxRequestLineLength() + " bytes";
      case 431 -> "Request headers larger than " + limits.maxHeaderSize() + " bytes";
      default -> "Malformed request: " + (cause == null ? "unknown" : cause.getMessage());
    };
  }
}
