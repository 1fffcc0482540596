package dev.kubewsgi.runtime.staticfiles;

import dev.kubewsgi.runtime.config.StaticDirectory;
import java.util.Comparator;
import java.util.List;

/** The static mounts of a process group, matched as application mounts are: longest first. */
public final class StaticFiles {

  /** A request path under a static mount: the directory and the rest of the decoded path. */
  public record Match(StaticDirectory directory, String rest) {}

  private final List<StaticDirectory> byLongestMount;

  public StaticFiles(List<StaticDirectory> directories) {
    this.byLongestMount =
        directories.stream()
            .sorted(Comparator.comparingInt((StaticDirectory d) -> d.mount().length()).reversed())
            .toList();
  }

  /** The static mount of a decoded path, or null. */
  public Match match(String path) {
    for (StaticDirectory d : byLongestMount) {
      if (d.mountIsPrefixOf(path)) {
        return new Match(d, d.mount().equals("/") ? path : path.substring(d.mount().length()));
      }
    }
    return null;
  }

  public boolean isEmpty() {
    return byLongestMount.isEmpty();
  }
}
