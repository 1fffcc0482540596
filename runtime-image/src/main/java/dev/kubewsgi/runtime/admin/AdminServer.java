package dev.kubewsgi.runtime.admin;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.kubewsgi.runtime.http.HttpExchange;
import dev.kubewsgi.runtime.http.HttpServer;
import dev.kubewsgi.runtime.http.RequestLimits;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The admin port: {@code /healthz/live}, {@code /healthz/ready}, {@code /status} and {@code
 * /metrics}. Apart from the application port, so no application route can shadow a probe.
 */
public final class AdminServer implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(AdminServer.class);
  private static final ObjectMapper JSON =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private final ReadinessState readiness;
  private final RuntimeStatus status;
  private final PrometheusMeterRegistry registry;
  // Responses are written off the event loop: HttpExchange.write may block.
  private final ExecutorService executor =
      Executors.newSingleThreadExecutor(
          Thread.ofPlatform().name("kubewsgi-admin").daemon(true).factory());
  private HttpServer server;

  private AdminServer(
      ReadinessState readiness, RuntimeStatus status, PrometheusMeterRegistry registry) {
    this.readiness = readiness;
    this.status = status;
    this.registry = registry;
  }

  /** Starts listening on {@code address}; port 0 picks a free one. */
  public static AdminServer start(
      InetSocketAddress address,
      ReadinessState readiness,
      RuntimeStatus status,
      PrometheusMeterRegistry registry)
      throws InterruptedException {
    AdminServer admin = new AdminServer(readiness, status, registry);
    admin.server =
        HttpServer.start(
            address,
            RequestLimits.defaults(),
            e -> admin.executor.execute(() -> admin.serve(e)),
            1);
    return admin;
  }

  public int port() {
    return server.port();
  }

  private void serve(HttpExchange exchange) {
    try {
      switch (exchange.rawPath()) {
        case "/healthz/live" -> {
          // Fails only when no warm replacement can help: a restart then is the way out.
          String problem = status.livenessProblem();
          send(
              exchange,
              problem == null ? 200 : 503,
              "text/plain; charset=utf-8",
              (problem == null ? "ok" : problem) + "\n");
        }
        case "/healthz/ready" -> {
          boolean ready = readiness.ready();
          Map<String, Object> body = new LinkedHashMap<>();
          body.put("ready", ready);
          body.put("draining", readiness.draining());
          body.put("interpreters", readiness.steps());
          if (status.error() != null) {
            body.put("error", status.error().summary());
          }
          send(
              exchange,
              ready ? 200 : 503,
              "application/json",
              JSON.writeValueAsString(body) + "\n");
        }
        case "/status" ->
            send(
                exchange,
                200,
                "application/json",
                JSON.writeValueAsString(status.snapshot(readiness)) + "\n");
        case "/metrics" ->
            send(exchange, 200, "text/plain; version=0.0.4; charset=utf-8", registry.scrape());
        default ->
            send(
                exchange,
                404,
                "text/plain; charset=utf-8",
                "not found; try /healthz/live, /healthz/ready, /status or /metrics\n");
      }
    } catch (IOException | RuntimeException e) {
      log.debug("admin request {} failed: {}", exchange.rawPath(), e.toString());
      exchange.fail(500, "admin endpoint failed");
    }
  }

  private static void send(HttpExchange exchange, int code, String type, String text)
      throws IOException {
    byte[] body = text.getBytes(StandardCharsets.UTF_8);
    exchange.sendHead(
        code,
        code == 200 ? "OK" : code == 503 ? "Service Unavailable" : "Not Found",
        new String[] {
          "Content-Type",
          type,
          "Content-Length",
          Integer.toString(body.length),
          "Cache-Control",
          "no-store"
        });
    exchange.write(ByteBuffer.wrap(body));
    exchange.finish();
  }

  @Override
  public void close() {
    server.close();
    executor.shutdownNow();
  }
}
