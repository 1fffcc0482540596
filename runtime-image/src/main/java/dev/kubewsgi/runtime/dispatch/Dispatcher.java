package dev.kubewsgi.runtime.dispatch;

import dev.kubewsgi.runtime.http.HttpExchange;
import dev.kubewsgi.runtime.http.RequestHandler;
import dev.kubewsgi.runtime.http.RequestPath;
import dev.kubewsgi.runtime.staticfiles.StaticFileResponder;
import dev.kubewsgi.runtime.staticfiles.StaticFiles;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Routes each request to its application group's queue, or to the static files of the longest
 * mount; runs on the event loop, so never blocks.
 */
public final class Dispatcher implements RequestHandler {

  private final MountTable mounts;
  private final StaticFiles statics;
  private final Map<String, WorkerPool> pools;
  private final RequestMetrics metrics;
  private final DispatchSettings settings;
  // Client ports of the HTTP warm-up's loopback connections: their requests are neither logged
  // nor counted. Empty once the pod is Ready, so live traffic pays one isEmpty().
  private final Set<Integer> warmupPorts = ConcurrentHashMap.newKeySet();

  public Dispatcher(
      MountTable mounts,
      StaticFiles statics,
      Map<String, WorkerPool> pools,
      RequestMetrics metrics,
      DispatchSettings settings) {
    this.mounts = mounts;
    this.statics = statics;
    this.pools = Map.copyOf(pools);
    this.metrics = metrics;
    this.settings = settings;
  }

  /** The HTTP warm-up opened ({@code open}) or closed a connection from {@code clientPort}. */
  public void warmupConnection(int clientPort, boolean open) {
    if (open) {
      warmupPorts.add(clientPort);
    } else {
      warmupPorts.remove(clientPort);
    }
  }

  @Override
  public void handle(HttpExchange exchange) {
    boolean live =
        warmupPorts.isEmpty()
            || exchange.remoteAddress() == null
            || !warmupPorts.contains(exchange.remoteAddress().getPort());
    String path = MountTable.decodePath(exchange.rawPath());
    if (path == null) {
      refuse(exchange, RequestPath.refusal(exchange.rawPath()), live);
      return;
    }
    MountTable.Route route = mounts.match(path);
    StaticFiles.Match file = statics.isEmpty() ? null : statics.match(path);
    if (file != null
        && (route == null || file.directory().mount().length() > route.prefixLength())) {
      serveStatic(exchange, file, live);
      return;
    }
    if (route == null) {
      long received = System.nanoTime();
      String message = "Not Found: no application is mounted at " + path;
      exchange.fail(404, message);
      if (live) {
        metrics.rejected("no-mount");
        settings.logRejected(exchange, 404, message, received);
      }
      return;
    }
    pools.get(route.application().group()).submit(exchange, route, live);
  }

  // Apache's core refuses the path before any module sees it: 400 or 404, no application runs.
  private void refuse(HttpExchange exchange, RequestPath.Refusal refusal, boolean live) {
    long received = System.nanoTime();
    exchange.fail(refusal.status(), refusal.reason());
    if (live) {
      metrics.rejected("bad-path");
      settings.logRejected(exchange, refusal.status(), refusal.reason(), received);
    }
  }

  private void serveStatic(HttpExchange exchange, StaticFiles.Match file, boolean live) {
    long received = System.nanoTime();
    StaticFileResponder.Answer answer = StaticFileResponder.respond(exchange, file);
    if (!live) {
      return;
    }
    long nanos = System.nanoTime() - received;
    metrics.servedStatic(file.directory().mount(), answer.status(), nanos);
    settings.log(exchange, null, answer.status(), answer.bytes(), nanos, "static", null);
  }
}
