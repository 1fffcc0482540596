package dev.kubewsgi.runtime.lifecycle;

import dev.kubewsgi.runtime.BootFailure;
import dev.kubewsgi.runtime.admin.RuntimeStatus;
import dev.kubewsgi.runtime.config.ApplicationGroup;
import dev.kubewsgi.runtime.config.RuntimeConfig;
import dev.kubewsgi.runtime.dispatch.Worker;
import dev.kubewsgi.runtime.dispatch.WorkerPool;
import dev.kubewsgi.runtime.http.HttpServer;
import dev.kubewsgi.runtime.interp.Interpreter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.graalvm.polyglot.Engine;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Owns the running workers, as gunicorn's arbiter does: recycles a worker after maximumRequests
 * with a replacement started, preloaded and warmed before the old one stops taking requests, and
 * shuts down.
 */
public final class Supervisor implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(Supervisor.class);

  private final Engine engine;
  private final RuntimeConfig config;
  private final Map<String, WorkerPool> pools;
  private final WorkerFactory starter;
  private final ScheduledExecutorService timers;
  private final RuntimeStatus status;
  // One replacement at a time: a new interpreter's start-up uses both cores.
  private final ExecutorService recycler =
      Executors.newSingleThreadExecutor(
          Interpreter.pythonThread().name("kubewsgi-recycler").factory());
  private volatile HttpServer app;
  private volatile boolean closing;

  public Supervisor(
      Engine engine,
      RuntimeConfig config,
      Map<String, WorkerPool> pools,
      WorkerFactory starter,
      ScheduledExecutorService timers,
      RuntimeStatus status) {
    this.engine = engine;
    this.config = config;
    this.pools = pools;
    this.starter = starter;
    this.timers = timers;
    this.status = status;
    status.groups(this::describeGroups);
  }

  /** The application server is up. */
  public void serving(HttpServer app) {
    this.app = app;
  }

  /** The application port. */
  public int port() {
    return app.port();
  }

  public HttpServer app() {
    return app;
  }

  public RuntimeConfig config() {
    return config;
  }

  /** Recycles {@code worker} when it asks: maximumRequests reached, or a request timed out. */
  public void watch(Worker worker, WorkerPool pool) {
    worker.onRecycle(w -> recycler.execute(() -> recycle(w, pool)));
  }

  private void recycle(Worker old, WorkerPool pool) {
    if (closing) {
      return;
    }
    String id = old.interpreter().id();
    ApplicationGroup group =
        config.groups().stream()
            .filter(g -> g.name().equals(pool.group()))
            .findFirst()
            .orElseThrow();
    log.info(
        "[{}] recycling after {} requests (maximumRequests={}, {} busy): starting a warm"
            + " replacement",
        id,
        old.served(),
        config.lifecycle().getMaximumRequests(),
        old.busy());
    Worker replacement;
    try {
      long deadline =
          System.nanoTime() + config.lifecycle().getStartupTimeoutSeconds() * 1_000_000_000L;
      replacement =
          starter.start(group, old.interpreter().worker(), old.generation() + 1, deadline);
    } catch (BootFailure e) {
      log.error(
          "[{}] replacement failed; the old interpreter keeps serving: {}\n{}",
          id,
          e.getMessage(),
          e.traceback());
      return;
    }
    watch(replacement, pool);
    pool.replace(old, replacement);
    status.recycled();
    try {
      if (!old.awaitStopped(
          Duration.ofSeconds(config.lifecycle().getGracefulTimeoutSeconds() + 1))) {
        log.warn("[{}] old interpreter still busy after the graceful timeout; cancelling it", id);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    old.interpreter().close();
    log.info("[{}] recycled: generation {} serves now", id, replacement.generation());
  }

  /** Groups, workers and queues for /status. */
  private List<Map<String, Object>> describeGroups() {
    List<Map<String, Object>> out = new ArrayList<>();
    for (WorkerPool pool : pools.values()) {
      Map<String, Object> group = new LinkedHashMap<>();
      group.put("name", pool.group());
      group.put("queueDepth", pool.queueDepth());
      List<Map<String, Object>> workers = new ArrayList<>();
      long total = 0;
      for (Worker worker : pool.workers()) {
        Map<String, Object> w = new LinkedHashMap<>();
        w.put("interpreter", worker.interpreter().id());
        w.put("generation", worker.generation());
        w.put("requestsServed", worker.served());
        w.put("busy", worker.busy());
        workers.add(w);
        total += worker.served();
      }
      group.put("requestsServed", total);
      group.put("workers", workers);
      out.add(group);
    }
    return out;
  }

  /** Workers of every group, for drain and tests. */
  public List<Worker> workers() {
    return pools.values().stream().flatMap(p -> p.workers().stream()).toList();
  }

  /** Closes the application port, the interpreters and the engine. */
  @Override
  public void close() {
    closing = true;
    recycler.shutdownNow();
    if (app != null) {
      app.close();
    }
    for (WorkerPool pool : pools.values()) {
      for (Worker worker : pool.workers()) {
        try {
          worker.interpreter().close();
        } catch (RuntimeException e) {
          log.debug("closing {}: {}", worker.interpreter().id(), e.toString());
        }
      }
    }
    timers.shutdownNow();
    try {
      engine.close(true);
    } catch (RuntimeException e) {
      log.debug("closing the engine: {}", e.toString());
    }
  }
}
