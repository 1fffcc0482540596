package dev.kubewsgi.api;

import dev.kubewsgi.api.status.ConditionReason;
import java.util.Optional;

/**
 * The runtime's exit codes, part of the pod contract: each boot failure has its own, and the
 * operator turns it into the Degraded reason. One list for both sides.
 */
public enum ExitCode {
  OK(0, ConditionReason.RUNTIME_FAILED, "exited"),
  UNEXPECTED(1, ConditionReason.RUNTIME_FAILED, "unexpected failure"),
  CONFIGURATION_INVALID(2, ConditionReason.CONFIGURATION_INVALID, "configuration invalid"),
  IMPORT_SCRIPT_FAILED(3, ConditionReason.IMPORT_SCRIPT_FAILED, "an import script failed"),
  APPLICATION_LOAD_FAILED(
      4, ConditionReason.APPLICATION_LOAD_FAILED, "an application failed to load"),
  WARMUP_FAILED(5, ConditionReason.WARMUP_FAILED, "warm-up failed"),
  STARTUP_TIMEOUT(6, ConditionReason.STARTUP_TIMEOUT, "startup timeout");

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
