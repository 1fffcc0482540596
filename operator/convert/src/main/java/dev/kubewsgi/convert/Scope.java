package dev.kubewsgi.convert;

import dev.kubewsgi.convert.apache.Directive;
import java.nio.file.FileSystems;
import java.nio.file.Path;
import java.util.regex.Pattern;

/**
 * Where a directive stands: its virtual host (null for the main server) and the innermost {@code
 * <Location>}, {@code <Directory>} and {@code <Files>} around it (or their {@code *Match} forms).
 * Decides which settings apply to a script alias, most specific first, in Apache's merge order:
 * main server, virtual host, Directory (longest path last), Files, Location.
 */
record Scope(
    Directive vhost,
    String location,
    boolean locationRegex,
    String directory,
    boolean directoryRegex,
    String files,
    boolean filesRegex) {

  static final Scope SERVER = new Scope(null, null, false, null, false, null, false);

  Scope enter(Directive section) {
    String arg = section.arg0();
    boolean tilde = section.args().size() > 1 && arg.equals("~");
    String value = tilde ? section.args().get(1) : arg;
    return switch (section.key()) {
      case "virtualhost" -> new Scope(section, null, false, null, false, null, false);
      case "location", "locationmatch" ->
          new Scope(
              vhost,
              value,
              tilde || section.is("locationmatch"),
              directory,
              directoryRegex,
              files,
              filesRegex);
      case "directory", "directorymatch" ->
          new Scope(
              vhost,
              location,
              locationRegex,
              value,
              tilde || section.is("directorymatch"),
              files,
              filesRegex);
      case "files", "filesmatch" ->
          new Scope(
              vhost,
              location,
              locationRegex,
              directory,
              directoryRegex,
              value,
              tilde || section.is("filesmatch"));
      default -> this;
    };
  }

  /**
   * Whether a setting made here applies to a request for {@code mount} served by {@code script}.
   */
  boolean appliesTo(Directive aliasVhost, String mount, String script) {
    if (vhost != null && vhost != aliasVhost) {
      return false;
    }
    if (location != null && !matchesLocation(mount)) {
      return false;
    }
    if (directory != null && !matchesDirectory(script)) {
      return false;
    }
    return files == null || matchesFiles(script);
  }

  /** Higher wins: Location over Files over Directory over virtual host over main server. */
  long rank() {
    long rank = vhost == null ? 0 : 1;
    if (directory != null) {
      rank = 10 + directory.length();
    }
    if (files != null) {
      rank = 100_000;
    }
    if (location != null) {
      rank = 1_000_000 + location.length();
    }
    return rank;
  }

  private boolean matchesLocation(String mount) {
    if (locationRegex) {
      return Pattern.compile(location).matcher(mount).find();
    }
    String prefix = strip(location);
    return prefix.isEmpty() || mount.equals(prefix) || mount.startsWith(prefix + "/");
  }

  private boolean matchesDirectory(String script) {
    if (script == null) {
      return false;
    }
    if (directoryRegex) {
      return Pattern.compile(directory).matcher(script).find();
    }
    String dir = strip(directory);
    if (dir.contains("*") || dir.contains("?")) {
      Path parent = Path.of(script).getParent();
      return parent != null
          && FileSystems.getDefault().getPathMatcher("glob:" + dir).matches(parent);
    }
    return dir.isEmpty() || script.startsWith(dir + "/");
  }

  private boolean matchesFiles(String script) {
    if (script == null) {
      return false;
    }
    Path name = Path.of(script).getFileName();
    if (name == null) {
      return false;
    }
    if (filesRegex) {
      return Pattern.compile(files).matcher(name.toString()).find();
    }
    return FileSystems.getDefault().getPathMatcher("glob:" + files).matches(name);
  }

  private static String strip(String path) {
    return path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
  }
}
