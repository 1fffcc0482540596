package dev.kubewsgi.runtime.dispatch;

import dev.kubewsgi.runtime.config.Application;
import dev.kubewsgi.runtime.config.MountPattern;
import dev.kubewsgi.runtime.http.RequestPath;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;

/**
 * Routes a request path to an application as {@code WSGIScriptAlias} does: the longest mount that
 * is a whole-segment prefix wins; the mount becomes {@code SCRIPT_NAME} and the rest {@code
 * PATH_INFO}. A {@code mountPattern} ({@code WSGIScriptAliasMatch}) takes part by the length of its
 * match: it wins over a mount whose prefix is shorter than its match (a tie goes to the mount),
 * patterns among themselves in declaration order; its match becomes {@code SCRIPT_NAME}. When the
 * winning pattern's script names no file preloaded for it the path is not routed (404), as mod_wsgi
 * does not fall back to another alias.
 */
public final class MountTable {

  /** A matched request: the application and the split of the decoded path. */
  public record Route(Application application, String scriptName, String pathInfo) {

    /** How much of the path the route took, to weigh it against a static mount's length. */
    public int prefixLength() {
      return application.pattern() != null ? scriptName.length() : application.mount().length();
    }
  }

  private final List<Application> byLongestMount;
  // Each pattern, in declaration order, with the preloaded applications by script.
  private final Map<MountPattern, Map<String, Application>> patterns = new LinkedHashMap<>();

  public MountTable(List<Application> applications) {
    this.byLongestMount = Application.byLongestMount(applications);
    for (Application app : applications) {
      if (app.pattern() != null) {
        patterns.computeIfAbsent(app.pattern(), p -> new HashMap<>()).put(app.script(), app);
      }
    }
  }

  /** The route of a decoded path, or null when nothing routes it (or it is null). */
  public Route match(String path) {
    if (path == null) {
      return null;
    }
    Route best = null;
    for (Application app : byLongestMount) {
      if (app.mountIsPrefixOf(path)) {
        String mount = app.mount().equals("/") ? "" : app.mount();
        best = new Route(app, mount, path.substring(mount.length()));
        break;
      }
    }
    Matcher winner = null;
    MountPattern winning = null;
    for (MountPattern p : patterns.keySet()) {
      Matcher m = p.matchAtStart(path);
      int taken = best == null ? -1 : best.scriptName().length();
      if (m != null && m.end() > taken && (winner == null || m.end() > winner.end())) {
        winner = m;
        winning = p;
      }
    }
    if (winning == null) {
      return best;
    }
    Application app = patterns.get(winning).get(winning.scriptFor(winner));
    return app == null ? null : new Route(app, winner.group(), path.substring(winner.end()));
  }

  /** The mounts, longest first. */
  public List<String> mounts() {
    return byLongestMount.stream().map(Application::mount).toList();
  }

  /**
   * The path {@code raw} is routed by: normalised and percent-decoded as Apache does ({@link
   * RequestPath}), or null when Apache would refuse it.
   */
  public static String decodePath(String raw) {
    return RequestPath.decode(raw);
  }
}
