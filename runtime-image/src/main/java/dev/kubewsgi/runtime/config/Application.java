package dev.kubewsgi.runtime.config;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

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

  /** {@code applications} with the longest mount first: the order mounts are matched in. */
  public static List<Application> byLongestMount(List<Application> applications) {
    List<Application> sorted = new ArrayList<>(applications);
    sorted.sort(Comparator.comparingInt((Application a) -> a.mount().length()).reversed());
    return List.copyOf(sorted);
  }

  /** The field path of this application in the resource, for errors. */
  public String field() {
    return "spec.applications[" + index + "]";
  }
}
