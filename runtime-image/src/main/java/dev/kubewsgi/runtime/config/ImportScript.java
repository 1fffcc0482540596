package dev.kubewsgi.runtime.config;

/**
 * An import script, its path resolved.
 *
 * @param path the file; for inline source its declared name, else {@code <importScripts[0]>}
 * @param source the inline source, or null when the script is the file at {@code path}
 */
public record ImportScript(int index, String name, String group, String path, String source) {

  /** The field path of this script in the resource, for errors. */
  public String field() {
    return "spec.importScripts[" + index + "]";
  }
}
