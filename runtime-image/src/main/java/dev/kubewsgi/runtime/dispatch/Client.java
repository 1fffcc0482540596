package dev.kubewsgi.runtime.dispatch;

import dev.kubewsgi.runtime.http.HttpExchange;
import dev.kubewsgi.runtime.interp.WsgiRequest;

/**
 * Who sent a request and how, as the connection or a trusted proxy tells it: what becomes {@code
 * REMOTE_ADDR}, {@code REMOTE_PORT}, {@code wsgi.url_scheme} and, when a proxy forwarded them, the
 * host and port the client asked for.
 *
 * @param port 0 when a proxy named the client without its port
 * @param host the forwarded host (with its port when one was given), null to keep the Host header
 * @param serverPort the forwarded port, or the connection's local port when none was forwarded
 */
public record Client(
    String address, int port, String scheme, String host, String serverName, int serverPort) {

  /** What the WSGI adapter gets of {@code exchange}, routed by {@code route}, from this client. */
  WsgiRequest request(HttpExchange exchange, MountTable.Route route) {
    return new WsgiRequest(
        route.application().key(),
        exchange.method(),
        route.scriptName(),
        route.pathInfo(),
        exchange.rawQuery(),
        exchange.requestUri(),
        exchange.protocol(),
        exchange.headers(),
        exchange.contentLength(),
        address,
        port,
        serverName,
        serverPort,
        scheme,
        host);
  }
}
