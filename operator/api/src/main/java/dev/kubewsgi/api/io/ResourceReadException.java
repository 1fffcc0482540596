package dev.kubewsgi.api.io;

/** A resource file that cannot be read or parsed, with the place (file, line, column, field) at fault. */
public class ResourceReadException extends Exception {

  private final String source;
  private final int line;
  private final int column;
  private final String fieldPath;
  private final String reason;

  public ResourceReadException(String source, int line, int column, String fieldPath, String reason) {
    super(format(source, line, column, fieldPath, reason));
    this.source = source;
    this.line = line;
    this.column = column;
    this.fieldPath = fieldPath;
    this.reason = reason;
  }

  private static String format(String source, int line, int column, String fieldPath, String reason) {
    StringBuilder text = new StringBuilder(source);
    if (line > 0) {
      text.append(':').append(line);
      if (column > 0) {
        text.append(':').append(column);
      }
    }
    text.append(": ");
    if (fieldPath != null && !fieldPath.isEmpty()) {
      text.append(fieldPath).append(": ");
    }
    return text.append(reason).toString();
  }

  /** The file name (or other label) the document came from. */
  public String source() {
    return source;
  }

  /** 1-based line, or 0 when unknown. */
  public int line() {
    return line;
  }

  /** 1-based column, or 0 when unknown. */
  public int column() {
    return column;
  }

  /** The field at fault such as {@code spec.workers}, or empty when the YAML itself is broken. */
  public String fieldPath() {
    return fieldPath == null ? "" : fieldPath;
  }

  /** What was wrong, without the location. */
  public String reason() {
    return reason;
  }
}
