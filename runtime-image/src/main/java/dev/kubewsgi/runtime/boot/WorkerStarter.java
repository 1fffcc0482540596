package dev.kubewsgi.runtime.boot;

import dev.kubewsgi.api.ExitCode;
import dev.kubewsgi.runtime.BootFailure;
import dev.kubewsgi.runtime.admin.ReadinessState;
import dev.kubewsgi.runtime.admin.ReadinessState.Step;
import dev.kubewsgi.runtime.admin.RuntimeStatus;
import dev.kubewsgi.runtime.config.Application;
import dev.kubewsgi.runtime.config.ApplicationGroup;
import dev.kubewsgi.runtime.config.RuntimeConfig;
import dev.kubewsgi.runtime.dispatch.DispatchSettings;
import dev.kubewsgi.runtime.dispatch.MountTable;
import dev.kubewsgi.runtime.dispatch.RequestMetrics;
import dev.kubewsgi.runtime.dispatch.RequestTimeouts;
import dev.kubewsgi.runtime.dispatch.Worker;
import dev.kubewsgi.runtime.interp.Interpreter;
import dev.kubewsgi.runtime.lifecycle.WorkerFactory;
import dev.kubewsgi.runtime.warmup.InterpreterWarmup;
import dev.kubewsgi.runtime.warmup.WarmupFailure;
import dev.kubewsgi.runtime.warmup.WarmupPlan;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Brings one worker from nothing to warm: start the interpreter, run the import scripts, load the
 * applications, warm up. Used at boot and for every recycled replacement.
 */
public final class WorkerStarter implements WorkerFactory {

  private static final Logger log = LoggerFactory.getLogger(WorkerStarter.class);

  private final InterpreterFactory interpreters;
  private final RuntimeConfig config;
  private final DispatchSettings settings;
  private final RequestMetrics metrics;
  private final RequestTimeouts timeouts;
  private final ReadinessState readiness;
  private final ImportScriptRunner importScripts;
  private final AppLoader apps;
  // Per application group: each group's workers are warmed with the requests routed to it.
  private final Map<String, InterpreterWarmup> warmups = new HashMap<>();
  private final WarmupPlan warmupPlan;
  private final RuntimeStatus status;

  WorkerStarter(
      InterpreterFactory interpreters,
      RuntimeConfig config,
      DispatchSettings settings,
      RequestMetrics metrics,
      RequestTimeouts timeouts,
      MountTable mounts,
      WarmupPlan warmupPlan,
      RuntimeStatus status,
      ReadinessState readiness) {
    this.interpreters = interpreters;
    this.config = config;
    this.settings = settings;
    this.metrics = metrics;
    this.timeouts = timeouts;
    this.readiness = readiness;
    this.importScripts = new ImportScriptRunner(status);
    this.apps = new AppLoader(status);
    for (ApplicationGroup group : config.groups()) {
      warmups.put(
          group.name(), new InterpreterWarmup(warmupPlan.forGroup(group, mounts), mounts, status));
    }
    this.warmupPlan = warmupPlan;
    this.status = status;
  }

  /**
   * Starts worker {@code index} of {@code group}. Generation 1 (boot) drives the readiness latch;
   * replacements do not, since the worker they replace keeps the process Ready.
   */
  @Override
  public Worker start(ApplicationGroup group, int index, int generation, long deadlineNanos)
      throws BootFailure {
    String id = group.name() + "/" + index;
    boolean boot = generation == 1;
    long start = System.nanoTime();
    step(boot, id, Step.STARTING);
    Interpreter interpreter;
    try {
      interpreter = interpreters.create(group.name(), index);
    } catch (RuntimeException e) {
      step(boot, id, Step.FAILED);
      throw new BootFailure(
          ExitCode.UNEXPECTED, "interpreter " + id + " did not start: " + e.getMessage(), null);
    }
    Worker worker = null;
    try {
      log.info("[{}] interpreter started in {} ms", id, (System.nanoTime() - start) / 1_000_000);
      if (boot && index == 0 && group.name().equals(config.groups().get(0).name())) {
        compileEveryScript(interpreter, id);
      }
      step(boot, id, Step.IMPORT_SCRIPTS);
      importScripts.run(interpreter, group.importScripts());
      step(boot, id, Step.LOADING_APPLICATIONS);
      apps.load(interpreter, group.applications());
      worker = new Worker(interpreter, config.threads(), generation, settings, metrics, timeouts);
      step(boot, id, Step.WARMING_UP);
      try {
        InterpreterWarmup warmup = warmups.get(group.name());
        if (boot) {
          warmup.runBelowCompilers(worker, deadlineNanos);
        } else {
          // A replacement warms beside serving threads: below them it could starve under load.
          warmup.run(worker, deadlineNanos);
        }
      } catch (WarmupFailure e) {
        throw new BootFailure(ExitCode.WARMUP_FAILED, e.getMessage(), null);
      }
      worker.warmupDone();
      reportWarmedBehindChecks(group, interpreter);
      step(boot, id, Step.READY);
      log.info(
          "[{}] ready after {} ms (generation {})",
          id,
          (System.nanoTime() - start) / 1_000_000,
          generation);
      return worker;
    } catch (BootFailure | RuntimeException e) {
      step(boot, id, Step.FAILED);
      if (worker != null) {
        worker.retire(); // lets the request-timeout sweep forget warm-up's slot
      }
      interpreter.close();
      throw e;
    }
  }

  // Every script is compiled before the first one runs: a syntax error in the last script of the
  // last group stops the pod seconds after its first interpreter starts, not after the others'
  // import scripts ran (what an init container running --check did, for one JVM less per pod).
  private void compileEveryScript(Interpreter interpreter, String id) throws BootFailure {
    long start = System.nanoTime();
    List<ScriptCompiler.Failure> failures = ScriptCompiler.compile(interpreter, config, false);
    if (!failures.isEmpty()) {
      throw new BootFailure(
          failures.get(0).exitCode(),
          failures.stream().map(ScriptCompiler.Failure::line).collect(Collectors.joining("; ")),
          null);
    }
    log.info("[{}] every script compiles ({} ms)", id, (System.nanoTime() - start) / 1_000_000);
  }

  // A protected mount whose warm-up never passed its checks had its hook and 401/403 path
  // compiled, not the application behind: /status says so, and the log once per worker.
  private void reportWarmedBehindChecks(ApplicationGroup group, Interpreter interpreter) {
    if (!warmupPlan.enabled()) {
      return;
    }
    for (Application app : group.applications()) {
      if (app.auth() == null || !app.auth().checks()) {
        continue;
      }
      boolean reached = interpreter.authPassed(app.key()) > 0;
      status.warmedBehindCheck(app.mount(), interpreter.id(), reached);
      if (!reached) {
        log.warn(
            "[{}] warm-up of {} stopped at its auth checks: the application behind is cold; declare"
                + " a spec.warmup.requests entry with credentials (an Authorization header) to warm"
                + " it",
            interpreter.id(),
            app.mount());
      }
    }
  }

  private void step(boolean boot, String id, Step step) {
    if (boot) {
      readiness.advance(id, step);
    }
  }
}
