package dev.kubewsgi.api;

import dev.kubewsgi.api.status.ConditionReason;
import java.util.Optional;

/**
 * The runtime's exit codes, part of the pod contract: each boot failure has its own, and the
 * operator turns it into the Degraded reason. One list for both sides. 3 is the JVM's own: the
 * launchers run it with {@code -XX:+ExitOnOutOfMemoryError}, since after an OutOfMemoryError any
 * thread may have died (an HTTP event loop did in MemoryRunawayGraalPyTest's first run) and only a
 * restart is safe.
 */
public enum ExitCode {
  OK(0, ConditionReason.RUNTIME_FAILED, "exited"),
  UNEXPECTED(1, ConditionReason.RUNTIME_FAILED, "unexpected failure"),
  CONFIGURATION_INVALID(2, ConditionReason.CONFIGURATION_INVALID, "configuration invalid"),
  OUT_OF_MEMORY(3, ConditionReason.OUT_OF_MEMORY, "the Java heap ran out"),
  APPLICATION_LOAD_FAILED(
      4, ConditionReason.APPLICATION_LOAD_FAILED, "an application failed to load"),
  WARMUP_FAILED(5, ConditionReason.WARMUP_FAILED, "warm-up failed"),
  STARTUP_TIMEOUT(6, ConditionReason.STARTUP_TIMEOUT, "startup timeout"),
  IMPORT_SCRIPT_FAILED(7, ConditionReason.IMPORT_SCRIPT_FAILED, "an import script failed");

  private final int code;
  private final String reason;
  private final String meaning;

  ExitCode(int code, String reason, String meaning) {
    this.code = code;
    this.reason = reason;
    this.meaning = meaning;
  }

  public int code() {
    return code;
  }

  /** The Degraded condition's reason for a pod whose runtime exited with this code. */
  public String conditionReason() {
    return reason;
  }

  /** What the code means, in a few words, for messages. */
  public String meaning() {
    return meaning;
  }

  /** The exit code of that number, when the runtime has one. */
  public static Optional<ExitCode> of(int code) {
    for (ExitCode c : values()) {
      if (c.code == code) {
        return Optional.of(c);
      }
    }
    return Optional.empty();
  }
}
