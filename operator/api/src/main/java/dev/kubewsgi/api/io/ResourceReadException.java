package dev.kubewsgi.api.io;

/**
 * A resource file that cannot be read or parsed, with the place (file, line, column, field) at
 * fault.
 */
public class ResourceReadException extends Exception {

  private final String source;
  private final int line;
  private final int column;
  private final String field;
  private final String problem;

  /**
   * A read failure; {@code line} and {@code column} are 1-based (0 when unknown), {@code field} is
   * a path such as {@code spec.workers} or null when the YAML itself is broken.
   */
  public ResourceReadException(
      String source, int line, int column, String field, String problem, Throwable cause) {
    super(format(source, line, column, field, problem), cause);
    this.source = source;
    this.line = line;
    this.column = column;
    this.field = field;
    this.problem = problem;
  }

  private static String format(String source, int line, int column, String field, String problem) {
    StringBuilder text = new StringBuilder(source);
    if (line > 0) {
      text.append(':').append(line);
      if (column > 0) {
        text.append(':').append(column);
      }
    }
    text.append(": ");
    if (field != null && !field.isEmpty()) {
      text.append(field).append(": ");
    }
    return text.append(problem).toString();
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

  /** The field at fault such as {@code spec.workers}, or null when the YAML itself is broken. */
  public String field() {
    return field;
  }

  /** What was wrong, without the location. */
  public String problem() {
    return problem;
  }
}
