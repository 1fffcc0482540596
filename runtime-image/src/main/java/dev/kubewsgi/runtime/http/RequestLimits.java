package dev.kubewsgi.runtime.http;

import dev.kubewsgi.api.spec.RequestLimitsSpec;
import java.time.Duration;

/** The limits on what a client may send, resolved from the resource with its defaults filled in. */
public record RequestLimits(
    int maxRequestLineLength,
    int maxHeaderSize,
    long maxBodySize,
    Duration clientTimeout,
    Duration keepAliveTimeout) {

  private static final RequestLimitsSpec DEFAULTS = new RequestLimitsSpec();

  public RequestLimits {
    if (maxRequestLineLength < 1 || maxHeaderSize < 1 || maxBodySize < 0) {
      throw new IllegalArgumentException(
          "requestLimits: sizes must be positive, got maxRequestLineLength=%d maxHeaderSize=%d maxBodySize=%d"
              .formatted(maxRequestLineLength, maxHeaderSize, maxBodySize));
    }
    if (clientTimeout.isNegative()
        || clientTimeout.isZero()
        || keepAliveTimeout.isNegative()
        || keepAliveTimeout.isZero()) {
      throw new IllegalArgumentException(
          "requestLimits: timeouts must be positive, got clientTimeout=%s keepAliveTimeout=%s"
              .formatted(clientTimeout, keepAliveTimeout));
    }
  }

  /** The limits of a resource; a null spec or null field means the API's default. */
  public static RequestLimits from(RequestLimitsSpec spec) {
    RequestLimitsSpec s = spec == null ? DEFAULTS : spec;
    return new RequestLimits(
        or(s.getMaxRequestLineLength(), DEFAULTS.getMaxRequestLineLength()),
        or(s.getMaxHeaderSize(), DEFAULTS.getMaxHeaderSize()),
        or(s.getMaxBodySize(), DEFAULTS.getMaxBodySize()),
        Duration.ofSeconds(or(s.getClientTimeoutSeconds(), DEFAULTS.getClientTimeoutSeconds())),
        Duration.ofSeconds(
            or(s.getKeepAliveTimeoutSeconds(), DEFAULTS.getKeepAliveTimeoutSeconds())));
  }

  /** The message of a 408: {@code what} did not arrive within the client timeout. */
  String notReceived(String what) {
    return what + " not received within " + clientTimeout.toSeconds() + " s";
  }

  /** The API's defaults. */
  public static RequestLimits defaults() {
    return from(null);
  }

  private static <T> T or(T value, T fallback) {
    return value != null ? value : fallback;
  }
}
