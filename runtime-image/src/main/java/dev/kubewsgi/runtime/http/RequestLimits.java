package dev.kubewsgi.runtime.http;

import dev.kubewsgi.api.spec.RequestLimitsSpec;
import java.time.Duration;

/** The limits on what a client may send, resolved from the resource with its defaults filled in. */
public record RequestLimits(
    int maxRequestLineLength,
    int maxHeaderSize,
    long maxBodySize,
    Duration clientTimeout,
    Duration keepAliveTimeout,
    int maxUnsentResponseBytes) {

  private static final RequestLimitsSpec DEFAULTS = new RequestLimitsSpec();

  /**
   * Response bytes waiting to be sent to a client beyond which its connection takes no further
   * pipelined request until they drain to half: a client that sends and never reads holds this
   * much, not a response per request it sent.
   */
  public static final int DEFAULT_MAX_UNSENT_RESPONSE_BYTES = 64 * 1024;

  /** Overrides {@link #DEFAULT_MAX_UNSENT_RESPONSE_BYTES} (in {@code KUBEWSGI_JAVA_OPTS}). */
  static final String MAX_UNSENT_RESPONSE_BYTES_PROPERTY = "kubewsgi.http.maxUnsentResponseBytes";

  /** The resource's limits with the runtime's own at their defaults. */
  public RequestLimits(
      int maxRequestLineLength,
      int maxHeaderSize,
      long maxBodySize,
      Duration clientTimeout,
      Duration keepAliveTimeout) {
    this(
        maxRequestLineLength,
        maxHeaderSize,
        maxBodySize,
        clientTimeout,
        keepAliveTimeout,
        DEFAULT_MAX_UNSENT_RESPONSE_BYTES);
  }

  public RequestLimits {
    if (maxRequestLineLength < 1
        || maxHeaderSize < 1
        || maxBodySize < 0
        || maxUnsentResponseBytes < 2) {
      throw new IllegalArgumentException(
          "requestLimits: sizes must be positive, got maxRequestLineLength=%d maxHeaderSize=%d maxBodySize=%d maxUnsentResponseBytes=%d"
              .formatted(maxRequestLineLength, maxHeaderSize, maxBodySize, maxUnsentResponseBytes));
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
            or(s.getKeepAliveTimeoutSeconds(), DEFAULTS.getKeepAliveTimeoutSeconds())),
        Integer.getInteger(MAX_UNSENT_RESPONSE_BYTES_PROPERTY, DEFAULT_MAX_UNSENT_RESPONSE_BYTES));
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
