package dev.kubewsgi.runtime.config;

/**
 * A mounted WSGI application, its script path resolved.
 *
 * @param index position in {@code spec.applications}, the key the adapter keeps its callable under
 */
public record Application(int index, String mount, String script, String callable, String group) {

  /** The field path of this application in the resource, for errors. */
  public String field() {
    return "spec.applications[" + index + "]";
  }
}
