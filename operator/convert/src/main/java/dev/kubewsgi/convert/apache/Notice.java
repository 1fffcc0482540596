package dev.kubewsgi.convert.apache;

/**
 * Something the reader or the converter could not carry over: where, which directive, and why.
 * Printed on stderr; {@code --strict} turns any into an error exit.
 */
public record Notice(Origin origin, String directive, String reason) {

  @Override
  public String toString() {
    return origin + ": " + directive + ": " + reason;
  }
}
