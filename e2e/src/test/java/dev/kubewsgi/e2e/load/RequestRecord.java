package dev.kubewsgi.e2e.load;

import java.time.Instant;

/**
 * One request of a load run.
 *
 * @param startMicros wall-clock time the request was sent, microseconds since the epoch
 * @param latencyNanos from writing the request to the last byte of the response (or the error),
 *     including one retry on a fresh connection when a reused one closed before answering
 * @param status HTTP status, 0 when no response arrived
 * @param servedBy the {@code X-Kubewsgi-Served-By} header ({@code pod/group/worker}), or null
 * @param error what went wrong on the wire (connect refused, reset, early close, timeout), or null
 * @param newConnection the request opened its connection
 * @param retried a reused keep-alive connection closed before any byte of the response and the
 *     request was sent once more on a new connection (RFC 9112 section 9.3.1)
 */
public record RequestRecord(
    long startMicros,
    long latencyNanos,
    int status,
    String servedBy,
    String error,
    boolean newConnection,
    boolean retried) {

  /** A connection error, a 5xx, or any status but the expected 200. */
  public boolean failed() {
    return error != null || status != 200;
  }

  /** The pod part of {@link #servedBy()}, or null. */
  public String pod() {
    if (servedBy == null) {
      return null;
    }
    int slash = servedBy.indexOf('/');
    return slash < 0 ? servedBy : servedBy.substring(0, slash);
  }

  public double latencyMillis() {
    return latencyNanos / 1e6;
  }

  /**
   * The failure with the wall-clock time (UTC) its request was sent, to read beside the pods' and
   * the scenario's logged steps.
   */
  public String failureWhen() {
    return iso(startMicros) + " " + failure();
  }

  /** A time on the load's clock (microseconds since the epoch) in ISO-8601, UTC. */
  public static String iso(long micros) {
    return Instant.ofEpochSecond(micros / 1_000_000, (micros % 1_000_000) * 1_000).toString();
  }

  /** A short, one-line description of a failure, for logs and the report. */
  public String failure() {
    if (error != null) {
      return error;
    }
    return status == 200 ? null : "HTTP " + status + (servedBy != null ? " from " + servedBy : "");
  }
}
