package dev.kubewsgi.convert.apache;

/** Where a line of configuration came from: a file as the user named it, and a line number. */
public record Origin(String file, int line) {

  @Override
  public String toString() {
    return file + ":" + line;
  }
}
