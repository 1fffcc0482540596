package dev.kubewsgi.runtime.config;

/**
 * A mounted WSGI application, its script path resolved.
 *
 * @param index position in {@code spec.applications}, the key the adapter keeps its callable under
 */
public record Application(int index, String mount, String script, String callable, String group) {

  /**
   * Whether the mount is a whole-segment prefix of the decoded {@code path}, as {@code
   * WSGIScriptAlias} matches: "/" serves everything, "/api" serves "/api" and "/api/x", not
   * "/apix".
   */
  public boolean mountIsPrefixOf(String path) {
    return mount.equals("/")
        || (path.startsWith(mount)
            && (path.length() == mount.length() || path.charAt(mount.length()) == '/'));
  }

  /** The field path of this application in the resource, for errors. */
  public String field() {
    return "spec.applications[" + index + "]";
  }
}
