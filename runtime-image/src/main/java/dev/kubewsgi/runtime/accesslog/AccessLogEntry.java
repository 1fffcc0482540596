package dev.kubewsgi.runtime.accesslog;

import dev.kubewsgi.runtime.http.HttpExchange;

/**
 * One served request as the access log sees it.
 *
 * @param client the client's address, as the trusted proxies named it
 * @param bytes body bytes sent
 * @param worker the worker that served it, e.g. {@code %{GLOBAL}/0.1}; "-" when none did
 */
public record AccessLogEntry(
    HttpExchange exchange,
    String client,
    int status,
    long bytes,
    long endMillis,
    long durationNanos,
    String worker) {

  /** The first value of a request header, or null. */
  String header(String name) {
    String[] headers = exchange.headers();
    for (int i = 0; i + 1 < headers.length; i += 2) {
      if (headers[i].equalsIgnoreCase(name)) {
        return headers[i + 1];
      }
    }
    return null;
  }

  long startMillis() {
    return endMillis - durationNanos / 1_000_000;
  }
}
