package dev.kubewsgi.runtime.interp;

/** A Python script that raised or did not parse: where, what, and the Python traceback. */
public record ScriptFailure(String file, int line, String message, String traceback) {

  static ScriptFailure parse(String described) {
    String[] parts = described.split("\0", 4);
    int line;
    try {
      line = Integer.parseInt(parts[1]);
    } catch (RuntimeException e) {
      line = 0;
    }
    return new ScriptFailure(
        parts[0], line, parts.length > 2 ? parts[2] : "", parts.length > 3 ? parts[3] : "");
  }

  /** "file:line: message", the one-line form for logs, stderr and the termination message. */
  public String summary() {
    return file + (line > 0 ? ":" + line : "") + ": " + message;
  }
}
