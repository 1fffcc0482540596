package dev.kubewsgi.runtime.boot;

import dev.kubewsgi.api.ExitCode;
import dev.kubewsgi.runtime.BootFailure;
import dev.kubewsgi.runtime.admin.ReadinessState;
import dev.kubewsgi.runtime.admin.RuntimeStatus;
import dev.kubewsgi.runtime.config.ApplicationGroup;
import dev.kubewsgi.runtime.config.RuntimeConfig;
import dev.kubewsgi.runtime.config.RuntimeSettings;
import dev.kubewsgi.runtime.dispatch.Worker;
import dev.kubewsgi.runtime.dispatch.WorkerPool;
import dev.kubewsgi.runtime.http.HttpServer;
import dev.kubewsgi.runtime.http.RequestLimits;
import dev.kubewsgi.runtime.interp.Interpreter;
import dev.kubewsgi.runtime.lifecycle.Supervisor;
import dev.kubewsgi.runtime.warmup.HttpWarmup;
import dev.kubewsgi.runtime.warmup.WarmupPlan;
import dev.kubewsgi.runtime.warmup.WarmupRequest;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Boot, in the order readiness promises: for every worker of every group its interpreter, import
 * scripts, applications and warm-up; only then the application port opens, the HTTP path warms, and
 * Ready latches. The parts it runs on are {@link RuntimeAssembly}'s.
 */
public final class Bootstrap {

  private static final Logger log = LoggerFactory.getLogger(Bootstrap.class);

  private final RuntimeConfig config;
  private final RuntimeSettings settings;
  private final ReadinessState readiness;
  private final RuntimeStatus status;

  public Bootstrap(
      RuntimeConfig config,
      RuntimeSettings settings,
      ReadinessState readiness,
      RuntimeStatus status) {
    this.config = config;
    this.settings = settings;
    this.readiness = readiness;
    this.status = status;
  }

  /** Boots and starts serving; throws with the exit code of the first step that failed. */
  public Supervisor boot(RuntimeAssembly runtime) throws BootFailure {
    long deadline =
        runtime.startedNanos() + config.lifecycle().getStartupTimeoutSeconds() * 1_000_000_000L;
    for (ApplicationGroup group : config.groups()) {
      for (int i = 0; i < config.workers(); i++) {
        readiness.register(group.name() + "/" + i);
      }
    }
    for (var script : config.importScripts()) {
      if (config.groups().stream().noneMatch(g -> g.name().equals(script.group()))) {
        log.warn(
            "import script {} ({}) is in application group {}, which no application uses: it"
                + " runs nowhere",
            script.field(),
            script.name(),
            script.group());
      }
    }
    WarmupPlan warmup = runtime.warmup();
    if (!warmup.enabled()) {
      log.warn(
          "{}; set spec.warmup.enabled to true (the default) to warm every worker before Ready",
          WarmupPlan.DISABLED_NOTE);
    } else if (warmup.byDefault()) {
      log.info(
          "warm-up: no spec.warmup.requests, so each worker warms with GET {} of its group's"
              + " mounts {}",
          warmup.requests().stream().map(WarmupRequest::target).toList(),
          warmup.untilSettled() ? "until settled" : "at their counts");
    }
    Supervisor supervisor = runtime.supervisor();
    try {
      startWorkers(runtime, deadline);
      HttpServer app =
          HttpServer.start(
              new InetSocketAddress(settings.host(), settings.port()),
              RequestLimits.from(config.limits()),
              runtime.dispatcher());
      supervisor.serving(app);
      warmHttpPath(app, warmup, runtime, deadline);
    } catch (BootFailure e) {
      supervisor.close();
      throw e;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      supervisor.close();
      throw new BootFailure(ExitCode.UNEXPECTED, "boot was interrupted", null);
    } catch (RuntimeException e) {
      supervisor.close();
      throw new BootFailure(
          ExitCode.UNEXPECTED,
          "cannot serve on " + settings.host() + ":" + settings.port() + ": " + e,
          null);
    }
    readiness.markBooted();
    status.ready(warmup.enabled());
    log.info(
        "Ready{}: {} application(s) in {} group(s), {} worker(s) x {} thread(s) each, on port {}",
        warmup.enabled() ? "" : " without warm-up",
        config.applications().size(),
        config.groups().size(),
        config.workers(),
        config.threads(),
        supervisor.port());
    return supervisor;
  }

  // The port is bound but readiness still fails: the declared requests over real HTTP, so the Java
  // request path is compiled before the first real request too (HttpWarmup says why).
  private void warmHttpPath(
      HttpServer app, WarmupPlan warmup, RuntimeAssembly runtime, long deadline)
      throws InterruptedException {
    String host = settings.host();
    boolean wildcard = host.equals("0.0.0.0") || host.equals("::") || host.equals("[::]");
    InetSocketAddress target = new InetSocketAddress(wildcard ? "127.0.0.1" : host, app.port());
    int connections = config.groups().size() * config.workers() * config.threads();
    new HttpWarmup(warmup, status, runtime.dispatcher()).run(target, connections, deadline);
  }

  // Workers start two at a time: on 2 cores more only makes the JIT compete with imports.
  private void startWorkers(RuntimeAssembly runtime, long deadline)
      throws BootFailure, InterruptedException {
    ExecutorService boot =
        Executors.newFixedThreadPool(
            Math.min(2, config.groups().size() * config.workers()),
            Interpreter.pythonThread().name("kubewsgi-boot-", 0).factory());
    try {
      List<Future<Worker>> futures = new ArrayList<>();
      List<WorkerPool> owners = new ArrayList<>();
      for (ApplicationGroup group : config.groups()) {
        for (int i = 0; i < config.workers(); i++) {
          int index = i;
          futures.add(boot.submit(() -> runtime.starter().start(group, index, 1, deadline)));
          owners.add(runtime.pools().get(group.name()));
        }
      }
      for (int i = 0; i < futures.size(); i++) {
        long left = deadline - System.nanoTime();
        Worker worker;
        try {
          worker = futures.get(i).get(Math.max(left, 0), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
          throw new BootFailure(
              ExitCode.STARTUP_TIMEOUT,
              "start-up took longer than spec.lifecycle.startupTimeoutSeconds="
                  + config.lifecycle().getStartupTimeoutSeconds()
                  + "; interpreters: "
                  + readiness.steps(),
              null);
        } catch (ExecutionException e) {
          if (e.getCause() instanceof BootFailure failure) {
            throw failure;
          }
          throw new BootFailure(ExitCode.UNEXPECTED, "boot failed: " + e.getCause(), null);
        }
        owners.get(i).add(worker);
        runtime.supervisor().watch(worker, owners.get(i));
      }
    } finally {
      boot.shutdownNow();
    }
  }
}
