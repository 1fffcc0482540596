package dev.kubewsgi.runtime.accesslog;

import dev.kubewsgi.runtime.http.HttpExchange;

/**
 * One served request as the access log sees it.
 *
 * @param client the client's address, as the trusted proxies named it
 * @param bytes body bytes sent
 * @param worker the worker that served it, e.g. {@code %{GLOBAL}/0.1}; "-" when none did
 * @param user REMOTE_USER as the auth hooks set it (Apache's {@code %u}); null when none did
 */
public record AccessLogEntry(
    HttpExchange exchange,
    String client,
    int status,
    long bytes,
    long endMillis,
    long durationNanos,
    String worker,
    String user) {

  /** The first value of a request header, or null. */
  String header(String name) {
    return exchange.header(name);
  }

  long startMillis() {
    return endMillis - durationNanos / 1_000_000;
  }
}
