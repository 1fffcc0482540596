package dev.kubewsgi.runtime.dispatch;

import dev.kubewsgi.runtime.config.Application;
import dev.kubewsgi.runtime.http.RequestPath;
import java.util.List;

/**
 * Routes a request path to an application as {@code WSGIScriptAlias} does: the longest mount that
 * is a whole-segment prefix wins; the mount becomes {@code SCRIPT_NAME} and the rest {@code
 * PATH_INFO}.
 */
public final class MountTable {

  /** A matched request: the application and the split of the decoded path. */
  public record Route(Application application, String scriptName, String pathInfo) {}

  private final List<Application> byLongestMount;

  public MountTable(List<Application> applications) {
    this.byLongestMount = Application.byLongestMount(applications);
  }

  /** The route of a decoded path, or null when no mount is a prefix of it (or it is null). */
  public Route match(String path) {
    if (path == null) {
      return null;
    }
    for (Application app : byLongestMount) {
      if (app.mountIsPrefixOf(path)) {
        String mount = app.mount().equals("/") ? "" : app.mount();
        return new Route(app, mount, path.substring(mount.length()));
      }
    }
    return null;
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
