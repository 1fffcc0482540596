package dev.kubewsgi.runtime.dispatch;

import dev.kubewsgi.runtime.config.Application;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
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

  /** The route of a decoded path, or null when no mount is a prefix of it. */
  public Route match(String path) {
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
   * Percent-decodes a raw path to bytes and reads them as latin-1, as PEP 3333 wants PATH_INFO; a
   * malformed escape is kept as it is.
   */
  public static String decodePath(String raw) {
    if (raw.indexOf('%') < 0) {
      return raw;
    }
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(raw.length());
    for (int i = 0; i < raw.length(); i++) {
      char c = raw.charAt(i);
      if (c == '%' && i + 2 < raw.length()) {
        int hi = Character.digit(raw.charAt(i + 1), 16);
        int lo = Character.digit(raw.charAt(i + 2), 16);
        if (hi >= 0 && lo >= 0) {
          bytes.write(hi * 16 + lo);
          i += 2;
          continue;
        }
      }
      bytes.write(c & 0xff);
    }
    return bytes.toString(StandardCharsets.ISO_8859_1);
  }
}
