package dev.kubewsgi.runtime.dispatch;

import dev.kubewsgi.runtime.accesslog.AccessLog;
import dev.kubewsgi.runtime.accesslog.AccessLogEntry;
import dev.kubewsgi.runtime.http.HttpExchange;
import dev.kubewsgi.runtime.interp.Interpreter;
import java.time.Duration;

/**
 * The request-path settings: timeouts and the queue bound from {@code spec.lifecycle}, recycling,
 * the optional {@code X-Kubewsgi-Served-By} header ({@code podName} null leaves it out), the
 * trusted proxies and the access log.
 */
public record DispatchSettings(
    Duration queueTimeout,
    int maxQueued,
    Duration requestTimeout,
    long maximumRequests,
    long maximumRequestsJitter,
    String podName,
    TrustedProxies proxies,
    AccessLog accessLog) {

  /** Logs a request the runtime answered itself, before any worker took it. */
  void logRejected(HttpExchange exchange, int status, String message, long receivedNanos) {
    log(
        exchange,
        null,
        status,
        exchange.isHead() ? 0 : HttpExchange.failureBodyLength(message),
        System.nanoTime() - receivedNanos,
        "-",
        null);
  }

  /**
   * One access log line, when the log is on.
   *
   * @param client the client's address, or null to ask the trusted proxies
   * @param worker what served it: a worker, {@code static}, or "-"
   * @param user REMOTE_USER from the auth hooks, or null
   */
  void log(
      HttpExchange exchange,
      String client,
      int status,
      long bytes,
      long nanos,
      String worker,
      String user) {
    if (accessLog.enabled()) {
      accessLog.record(
          new AccessLogEntry(
              exchange,
              client != null ? client : proxies.resolve(exchange).address(),
              status,
              bytes,
              System.currentTimeMillis(),
              nanos,
              worker,
              user));
    }
  }

  String servedBy(Interpreter interpreter) {
    return podName == null
        ? null
        : podName + "/" + interpreter.group() + "/" + interpreter.worker();
  }
}
