package dev.kubewsgi.convert.apache;

import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * The files an {@code Include} names, as Apache finds them: a relative path against {@code
 * ServerRoot} (then, when that finds nothing, against the including file's folder, for a
 * configuration copied off its host); wildcards ({@code *}, {@code ?}, {@code [..]}) in any path
 * segment; a folder means every file under it; matches in alphabetical order.
 */
final class IncludeResolver {

  private IncludeResolver() {}

  static List<Path> resolve(String pattern, Path serverRoot, Path includingDir) throws IOException {
    Path given = Path.of(pattern);
    if (given.isAbsolute()) {
      return expand(given);
    }
    List<Path> found = expand(serverRoot.resolve(given));
    if (found.isEmpty() && !serverRoot.equals(includingDir)) {
      found = expand(includingDir.resolve(given));
    }
    return found;
  }

  static boolean hasWildcard(String pattern) {
    return pattern.chars().anyMatch(c -> c == '*' || c == '?' || c == '[');
  }

  private static List<Path> expand(Path path) throws IOException {
    Path root = path.getRoot() == null ? Path.of("") : path.getRoot();
    List<Path> current = List.of(root);
    for (Path segment : path.normalize()) {
      String name = segment.toString();
      List<Path> next = new ArrayList<>();
      for (Path dir : current) {
        if (!hasWildcard(name)) {
          Path child = dir.resolve(name);
          if (Files.exists(child)) {
            next.add(child);
          }
          continue;
        }
        if (!Files.isDirectory(dir)) {
          continue;
        }
        PathMatcher matcher = FileSystems.getDefault().getPathMatcher("glob:" + name);
        try (Stream<Path> children = Files.list(dir)) {
          children
              .filter(c -> !c.getFileName().toString().startsWith("."))
              .filter(c -> matcher.matches(c.getFileName()))
              .sorted()
              .forEach(next::add);
        }
      }
      current = next;
    }
    List<Path> files = new ArrayList<>();
    for (Path p : current) {
      if (Files.isDirectory(p)) {
        try (Stream<Path> under = Files.walk(p)) {
          under.filter(Files::isRegularFile).sorted().forEach(files::add);
        }
      } else if (Files.isRegularFile(p)) {
        files.add(p);
      }
    }
    return files;
  }
}
