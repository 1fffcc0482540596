package dev.kubewsgi.runtime.config;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * A mounted WSGI application: a script (its path resolved) or a module on the Python path.
 *
 * @param index position in {@code spec.applications}, for messages
 * @param key the key the adapter keeps its callable under: the index, or for each script a {@code
 *     mountPattern} application expands to, a number past the last index
 * @param mount the mount, or a pattern application's regex (for messages only)
 * @param pattern null for a mount; else the pattern, and {@code script} is one file it names
 * @param script null for a module application
 * @param module null for a script application
 * @param auth null when the application declares no {@code auth} block
 */
public record Application(
    int index,
    int key,
    String mount,
    MountPattern pattern,
    String script,
    String module,
    String callable,
    String group,
    ApplicationAuth auth) {

  /** An application at a mount. */
  public Application(
      int index,
      String mount,
      String script,
      String module,
      String callable,
      String group,
      ApplicationAuth auth) {
    this(index, index, mount, null, script, module, callable, group, auth);
  }

  /** A script application without auth hooks. */
  public Application(int index, String mount, String script, String callable, String group) {
    this(index, mount, script, null, callable, group, null);
  }

  /** What the application is loaded from, for messages: the script's path or "module NAME". */
  public String source() {
    return script != null ? script : "module " + module;
  }

  /** For messages: the script, and for a pattern application the pattern it was found by. */
  public String describe() {
    return pattern == null ? source() : source() + " (by mountPattern " + mount + ")";
  }

  /** The field its source is given in: {@code spec.applications[i].script} or {@code .module}. */
  public String sourceField() {
    return field() + (script != null ? ".script" : ".module");
  }

  /**
   * Whether the mount is a whole-segment prefix of the decoded {@code path}, as {@code
   * WSGIScriptAlias} matches: "/" serves everything, "/api" serves "/api" and "/api/x", not
   * "/apix".
   */
  public boolean mountIsPrefixOf(String path) {
    if (pattern != null) {
      java.util.regex.Matcher m = pattern.matchAtStart(path);
      return m != null && pattern.scriptFor(m).equals(script);
    }
    return isMountPrefix(mount, path);
  }

  /** Whether {@code mount} is a whole-segment prefix of {@code path}. */
  static boolean isMountPrefix(String mount, String path) {
    return mount.equals("/")
        || (path.startsWith(mount)
            && (path.length() == mount.length() || path.charAt(mount.length()) == '/'));
  }

  /**
   * The {@code mount} applications with the longest mount first: the order mounts are matched in
   * (pattern applications left out).
   */
  public static List<Application> byLongestMount(List<Application> applications) {
    List<Application> sorted =
        new ArrayList<>(applications.stream().filter(a -> a.pattern() == null).toList());
    sorted.sort(Comparator.comparingInt((Application a) -> a.mount().length()).reversed());
    return List.copyOf(sorted);
  }

  /** The field path of this application in the resource, for errors. */
  public String field() {
    return "spec.applications[" + index + "]";
  }
}
