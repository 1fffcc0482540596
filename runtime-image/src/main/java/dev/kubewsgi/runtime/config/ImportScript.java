package dev.kubewsgi.runtime.config;

/**
 * An import script, its path resolved.
 *
 * @param path the file, or a name such as {@code <importScripts[0]>} for inline source
 * @param source the inline source, or null when the script is the file at {@code path}
 */
public record ImportScript(int index, String name, String group, String path, String source) {

  /** The field path of this script in the resource, for errors. */
  public String field() {
    return "spec.importScripts[" + index + "]";
  }
}
