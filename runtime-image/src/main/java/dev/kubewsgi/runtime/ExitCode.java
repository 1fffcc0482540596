package dev.kubewsgi.runtime;

/** The runtime's exit codes, part of the pod contract: each boot failure has its own. */
public enum ExitCode {
  OK(0),
  UNEXPECTED(1),
  CONFIGURATION_INVALID(2),
  IMPORT_SCRIPT_FAILED(3),
  APPLICATION_LOAD_FAILED(4),
  WARMUP_FAILED(5),
  STARTUP_TIMEOUT(6);

  private final int code;

  ExitCode(int code) {
    this.code = code;
  }

  public int code() {
    return code;
  }
}
