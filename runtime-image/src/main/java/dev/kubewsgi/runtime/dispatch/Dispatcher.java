package dev.kubewsgi.runtime.dispatch;

import dev.kubewsgi.runtime.http.HttpExchange;
import dev.kubewsgi.runtime.http.RequestHandler;
import java.util.Map;

/**
 * Routes each request to its application group's queue; runs on the event loop, so never blocks.
 */
public final class Dispatcher implements RequestHandler {

  private final MountTable mounts;
  private final Map<String, WorkerPool> pools;
  private final RequestMetrics metrics;

  public Dispatcher(MountTable mounts, Map<String, WorkerPool> pools, RequestMetrics metrics) {
    this.mounts = mounts;
    this.pools = Map.copyOf(pools);
    this.metrics = metrics;
  }

  @Override
  public void handle(HttpExchange exchange) {
    String path = MountTable.decodePath(exchange.rawPath());
    MountTable.Route route = mounts.match(path);
    if (route == null) {
      metrics.rejected("no-mount");
      exchange.fail(404, "Not Found: no application is mounted at " + path);
      return;
    }
    pools.get(route.application().group()).submit(exchange, route);
  }
}
