package dev.kubewsgi.api.validation;

/**
 * One thing wrong with a resource: the field path (such as {@code spec.importScripts[1].path}) and
 * what is wrong.
 */
public record SpecError(String field, String message) {

  @Override
  public String toString() {
    return field + ": " + message;
  }
}
