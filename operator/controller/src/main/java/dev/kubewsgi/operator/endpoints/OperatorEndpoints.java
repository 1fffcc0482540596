package dev.kubewsgi.operator.endpoints;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * The operator's own HTTP endpoints: {@code /healthz/live} and {@code /healthz/ready} on the health
 * port, {@code /metrics} (Prometheus text) on the metrics port. The JDK's server is enough for a
 * handful of scrapes and probes a minute.
 */
public final class OperatorEndpoints implements AutoCloseable {

  private final List<HttpServer> servers = new ArrayList<>();
  private int healthPort = -1;
  private int metricsPort = -1;

  /**
   * Starts the servers; a port of -1 turns one off, 0 picks a free port.
   *
   * @param ready whether every informer is synced and healthy (and this replica leads, or waits)
   */
  public static OperatorEndpoints start(
      int healthPort, int metricsPort, BooleanSupplier ready, Supplier<String> metrics)
      throws IOException {
    OperatorEndpoints endpoints = new OperatorEndpoints();
    try {
      if (healthPort >= 0) {
        HttpServer health = endpoints.server(healthPort);
        health.createContext("/healthz/live", e -> respond(e, 200, "text/plain", "ok\n"));
        health.createContext(
            "/healthz/ready",
            e -> {
              boolean isReady = ready.getAsBoolean();
              respond(e, isReady ? 200 : 503, "text/plain", isReady ? "ready\n" : "not ready\n");
            });
        endpoints.healthPort = health.getAddress().getPort();
      }
      if (metricsPort >= 0) {
        HttpServer server =
            metricsPort == healthPort && metricsPort > 0
                ? endpoints.servers.getFirst()
                : endpoints.server(metricsPort);
        server.createContext(
            "/metrics",
            e -> respond(e, 200, "text/plain; version=0.0.4; charset=utf-8", metrics.get()));
        endpoints.metricsPort = server.getAddress().getPort();
      }
    } catch (IOException | RuntimeException e) {
      endpoints.close();
      throw e;
    }
    return endpoints;
  }

  public int healthPort() {
    return healthPort;
  }

  public int metricsPort() {
    return metricsPort;
  }

  private HttpServer server(int port) throws IOException {
    HttpServer server = HttpServer.create(new InetSocketAddress(port), 16);
    server.start();
    servers.add(server);
    return server;
  }

  private static void respond(HttpExchange exchange, int status, String type, String body)
      throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", type);
    exchange.sendResponseHeaders(status, bytes.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(bytes);
    }
  }

  @Override
  public void close() {
    servers.forEach(server -> server.stop(0));
  }
}
