package dev.kubewsgi.api.validation;

import java.util.List;

/** A resource that failed validation, with every error found; the message lists them one a line. */
public final class InvalidResourceException extends Exception {

  private final String source;
  private final transient List<SpecError> errors;

  public InvalidResourceException(String source, List<SpecError> errors) {
    super(format(source, errors));
    this.source = source;
    this.errors = List.copyOf(errors);
  }

  /** Where the resource came from, such as a file path. */
  public String source() {
    return source;
  }

  public List<SpecError> errors() {
    return errors;
  }

  private static String format(String source, List<SpecError> errors) {
    StringBuilder text = new StringBuilder(source).append(": invalid WsgiProcessGroup");
    for (SpecError error : errors) {
      text.append("\n  ").append(error);
    }
    return text.toString();
  }
}
