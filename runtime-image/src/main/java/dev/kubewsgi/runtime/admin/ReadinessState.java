package dev.kubewsgi.runtime.admin;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Readiness as a one-way latch per interpreter step, driven by boot and never inferred: the process
 * is Ready once boot has finished with every interpreter at {@link Step#READY}, until draining
 * starts.
 */
public final class ReadinessState {

  /** The boot steps of one interpreter, in order (DESIGN.md, "The contract that matters most"). */
  public enum Step {
    PENDING,
    STARTING,
    IMPORT_SCRIPTS,
    LOADING_APPLICATIONS,
    WARMING_UP,
    READY,
    FAILED
  }

  private final Map<String, Step> steps = new LinkedHashMap<>();
  private boolean booted;
  private boolean draining;

  /** Declares an interpreter that must reach READY before the process is Ready. */
  public synchronized void register(String interpreter) {
    steps.putIfAbsent(interpreter, Step.PENDING);
  }

  /** Moves an interpreter forward; a step never goes back, and FAILED is final. */
  public synchronized void advance(String interpreter, Step step) {
    Step current = steps.get(interpreter);
    if (current == null) {
      throw new IllegalStateException("interpreter " + interpreter + " was never registered");
    }
    if (current != Step.FAILED && step.ordinal() > current.ordinal()) {
      steps.put(interpreter, step);
    }
  }

  /** Boot has finished: every interpreter is READY and the application port is open. */
  public synchronized void markBooted() {
    booted = true;
  }

  /** SIGTERM: readiness fails from now on, whatever else happens. */
  public synchronized void startDraining() {
    draining = true;
  }

  public synchronized boolean draining() {
    return draining;
  }

  public synchronized boolean ready() {
    return booted
        && !draining
        && !steps.isEmpty()
        && steps.values().stream().allMatch(s -> s == Step.READY);
  }

  /** Each interpreter's step, in registration order. */
  public synchronized Map<String, Step> steps() {
    return new LinkedHashMap<>(steps);
  }
}
