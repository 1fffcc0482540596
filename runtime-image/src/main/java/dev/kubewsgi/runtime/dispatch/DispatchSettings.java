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
    String podName,
    TrustedProxies proxies,
    AccessLog accessLog) {

  /** Logs a request the runtime answered itself, before any worker took it. */
  void logRejected(HttpExchange exchange, int status, String message, long receivedNanos) {
    if (accessLog.enabled()) {
      accessLog.record(
          new AccessLogEntry(
              exchange,
              proxies.resolve(exchange).address(),
              status,
              HttpExchange.failureBodyLength(message),
              System.currentTimeMillis(),
              System.nanoTime() - receivedNanos,
              "-"));
    }
  }

  String servedBy(Interpreter interpreter) {
    return podName == null
        ? null
        : podName + "/" + interpreter.group() + "/" + interpreter.worker();
  }
}
