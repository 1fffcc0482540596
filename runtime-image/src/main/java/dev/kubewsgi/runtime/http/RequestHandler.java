package dev.kubewsgi.runtime.http;

/**
 * Receives each request once its head is in; the body streams in afterwards through the exchange.
 */
@FunctionalInterface
public interface RequestHandler {

  /**
   * Called on the connection's event loop, in request order; must not block (hand the exchange to a
   * worker thread). The handler must end every exchange with {@link HttpExchange#finish()} or
   * {@link HttpExchange#fail(int, String)}, or the connection waits for it.
   */
  void handle(HttpExchange exchange);
}
