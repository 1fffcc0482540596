package dev.kubewsgi.runtime;

import dev.kubewsgi.api.ExitCode;

/**
 * Boot stopped: which exit code, a one-line cause naming script/field and line, and the traceback.
 */
public final class BootFailure extends Exception {

  private final ExitCode exitCode;
  private final String traceback;

  public BootFailure(ExitCode exitCode, String summary, String traceback) {
    super(summary);
    this.exitCode = exitCode;
    this.traceback = traceback == null ? "" : traceback;
  }

  public ExitCode exitCode() {
    return exitCode;
  }

  /** The Python traceback, or empty. */
  public String traceback() {
    return traceback;
  }
}
