package dev.kubewsgi.runtime.admin;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListSet;
import java.util.function.Supplier;

/**
 * What boot and the supervisor report for {@code /status}: the JIT, import script and application
 * load durations, warm-up progress, recycling, and a boot error with its traceback.
 */
public final class RuntimeStatus {

  /** One import script or application load in one interpreter. */
  public record ScriptRun(
      String interpreter,
      String kind,
      String name,
      String field,
      long durationMillis,
      String error) {}

  /**
   * Warm-up of one interpreter; {@code jitBusyPercent} is the JIT's CPU time over the last block's
   * wall time (up to 100 per compiler thread).
   */
  public record WarmupProgress(
      long done,
      long planned,
      boolean settled,
      Double lastBlockMedianMicros,
      Double jitBusyPercent,
      String note) {

    public WarmupProgress(
        long done, long planned, boolean settled, Double lastBlockMedianMicros, String note) {
      this(done, planned, settled, lastBlockMedianMicros, null, note);
    }
  }

  /** Why boot failed: one line, and the Python traceback when there is one. */
  public record BootError(String exitCode, String summary, String traceback) {}

  private final long startedMillis = System.currentTimeMillis();
  private final List<ScriptRun> scripts = new ArrayList<>();
  private final Map<String, WarmupProgress> warmup = new ConcurrentHashMap<>();
  private volatile String engine = "unknown";
  private volatile Long readyAfterMillis;
  private volatile boolean warmupEnabled = true;
  private volatile BootError error;
  private volatile long recycled;
  private volatile Supplier<List<Map<String, Object>>> groups = List::of;
  private volatile Supplier<List<Map<String, Object>>> abandoned = List::of;
  private final Map<String, Long> recycleReasons = new LinkedHashMap<>();
  private volatile Supplier<String> liveness = () -> null;
  // mount -> interpreters whose warm-up of it never got past its auth checks (401 or 403).
  private final Map<String, Set<String>> warmedOnlyToCheck = new ConcurrentHashMap<>();

  public void engine(String implementationName) {
    this.engine = implementationName;
  }

  public synchronized void script(ScriptRun run) {
    scripts.add(run);
  }

  public void warmup(String interpreter, WarmupProgress progress) {
    warmup.put(interpreter, progress);
  }

  /**
   * Boot is over; {@code warmedUp} false when Ready came without warm-up (spec.warmup.enabled
   * false).
   */
  public void ready(boolean warmedUp) {
    warmupEnabled = warmedUp;
    readyAfterMillis = System.currentTimeMillis() - startedMillis;
  }

  /**
   * Whether the warm-up of {@code mount} in {@code interpreter} reached the application, or stopped
   * at its auth checks every time (no warm-up request carried credentials that pass).
   */
  public void warmedBehindCheck(String mount, String interpreter, boolean reachedApplication) {
    Set<String> ids = warmedOnlyToCheck.computeIfAbsent(mount, m -> new ConcurrentSkipListSet<>());
    if (reachedApplication) {
      ids.remove(interpreter);
    } else {
      ids.add(interpreter);
    }
  }

  public void error(BootError error) {
    this.error = error;
  }

  public BootError error() {
    return error;
  }

  /**
   * A worker was replaced, for {@code reason} ({@code maximum-requests}, {@code heap-limit}...).
   */
  public synchronized void recycled(String reason) {
    recycled++;
    recycleReasons.merge(reason, 1L, Long::sum);
  }

  /**
   * Why the pod can no longer serve, for liveness: null while it can. Set once the workers exist.
   */
  public void liveness(Supplier<String> problem) {
    this.liveness = problem;
  }

  /** Null while the pod can serve; else why not. */
  public String livenessProblem() {
    return liveness.get();
  }

  /** Interpreters replaced and not closed (a call never returned), set once the workers exist. */
  public void abandoned(Supplier<List<Map<String, Object>>> abandoned) {
    this.abandoned = abandoned;
  }

  /** Live view of the groups, workers and queues, set once the workers exist. */
  public void groups(Supplier<List<Map<String, Object>>> groups) {
    this.groups = groups;
  }

  /** The whole report as plain maps and lists, ready for JSON. */
  public synchronized Map<String, Object> snapshot(ReadinessState readiness) {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("ready", readiness.ready());
    out.put("draining", readiness.draining());
    out.put("engine", engine);
    out.put("jit", !"Interpreted".equals(engine) && !"unknown".equals(engine));
    out.put("uptimeMillis", System.currentTimeMillis() - startedMillis);
    out.put("readyAfterMillis", readyAfterMillis);
    out.put("interpreters", readiness.steps());
    out.put("groups", groups.get());
    out.put("scripts", List.copyOf(scripts));
    out.put("readyWithoutWarmup", readyAfterMillis != null && !warmupEnabled);
    out.put("warmup", new LinkedHashMap<>(warmup));
    Map<String, List<String>> onlyToCheck = new TreeMap<>();
    warmedOnlyToCheck.forEach(
        (mount, ids) -> {
          if (!ids.isEmpty()) {
            onlyToCheck.put(mount, List.copyOf(ids));
          }
        });
    out.put("mountsWarmedOnlyToAuthCheck", onlyToCheck);
    out.put("recycledWorkers", recycled);
    out.put("recycleReasons", new LinkedHashMap<>(recycleReasons));
    out.put("abandonedInterpreters", abandoned.get());
    out.put("livenessProblem", livenessProblem());
    out.put("memory", ProcessMemory.snapshot(readiness.steps().size()));
    out.put("error", error);
    return out;
  }
}
