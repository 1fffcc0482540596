package dev.kubewsgi.runtime.boot;

import dev.kubewsgi.api.ExitCode;
import dev.kubewsgi.runtime.BootFailure;
import dev.kubewsgi.runtime.accesslog.AccessLog;
import dev.kubewsgi.runtime.admin.ReadinessState;
import dev.kubewsgi.runtime.admin.RuntimeStatus;
import dev.kubewsgi.runtime.config.ApplicationGroup;
import dev.kubewsgi.runtime.config.RuntimeConfig;
import dev.kubewsgi.runtime.config.RuntimeSettings;
import dev.kubewsgi.runtime.dispatch.DispatchSettings;
import dev.kubewsgi.runtime.dispatch.Dispatcher;
import dev.kubewsgi.runtime.dispatch.MountTable;
import dev.kubewsgi.runtime.dispatch.RequestMetrics;
import dev.kubewsgi.runtime.dispatch.RequestTimeouts;
import dev.kubewsgi.runtime.dispatch.TrustedProxies;
import dev.kubewsgi.runtime.dispatch.WorkerPool;
import dev.kubewsgi.runtime.lifecycle.Supervisor;
import dev.kubewsgi.runtime.staticfiles.StaticFiles;
import dev.kubewsgi.runtime.warmup.WarmupPlan;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.graalvm.polyglot.Engine;

/**
 * The composition root: the runtime's parts built from its configuration and wired together, with
 * nothing started yet. {@link Bootstrap} then runs the boot steps on them.
 *
 * @param startedNanos when assembly began ({@link System#nanoTime}): the start-up timeout counts
 *     from here
 * @param pools a worker pool per application group, in the configuration's order
 */
public record RuntimeAssembly(
    long startedNanos,
    WarmupPlan warmup,
    WorkerStarter starter,
    Map<String, WorkerPool> pools,
    Dispatcher dispatcher,
    Supervisor supervisor) {

  /** Builds the parts; the only failure is a polyglot engine that cannot be created. */
  public static RuntimeAssembly of(
      RuntimeConfig config,
      RuntimeSettings settings,
      ReadinessState readiness,
      RuntimeStatus status,
      MeterRegistry registry,
      AccessLog accessLog)
      throws BootFailure {
    long started = System.nanoTime();
    Engine engine;
    try {
      engine = EngineFactory.create();
    } catch (IllegalStateException e) {
      throw new BootFailure(ExitCode.UNEXPECTED, e.getMessage(), null);
    }
    status.engine(engine.getImplementationName());

    MountTable mounts = new MountTable(config.applications());
    WarmupPlan warmup = WarmupPlan.of(config.warmup(), config.applications());
    RequestMetrics metrics = new RequestMetrics(registry);
    DispatchSettings dispatch =
        new DispatchSettings(
            Duration.ofSeconds(config.lifecycle().getQueueTimeoutSeconds()),
            config.lifecycle().getMaxQueuedRequests(),
            Duration.ofSeconds(config.lifecycle().getRequestTimeoutSeconds()),
            config.lifecycle().getMaximumRequests(),
            config.lifecycle().getMaximumRequestsJitter(),
            settings.servedByPodName(),
            TrustedProxies.of(config.trustedProxies()),
            accessLog);
    ScheduledExecutorService timers =
        Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().name("kubewsgi-timeouts").daemon(true).factory());
    WorkerStarter starter =
        new WorkerStarter(
            new InterpreterFactory(engine, config, settings.cacheDir()),
            config,
            dispatch,
            metrics,
            new RequestTimeouts(timers, dispatch.requestTimeout()),
            mounts,
            warmup,
            status,
            readiness);
    Map<String, WorkerPool> pools = new LinkedHashMap<>();
    for (ApplicationGroup group : config.groups()) {
      WorkerPool pool = new WorkerPool(group.name(), dispatch, metrics);
      pools.put(group.name(), pool);
      // Waiting requests get their 503 when their time is up, not when a thread frees.
      timers.scheduleWithFixedDelay(
          pool::expireWaiting,
          WorkerPool.EXPIRY_SWEEP.toMillis(),
          WorkerPool.EXPIRY_SWEEP.toMillis(),
          TimeUnit.MILLISECONDS);
    }
    return new RuntimeAssembly(
        started,
        warmup,
        starter,
        pools,
        new Dispatcher(mounts, new StaticFiles(config.staticFiles()), pools, metrics, dispatch),
        new Supervisor(engine, config, pools, starter, timers, status, registry));
  }
}
