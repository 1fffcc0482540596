package dev.kubewsgi.convert;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * A CPython virtualenv named by {@code python-home=}, when it exists on this machine: the
 * distributions installed in it, to reinstall with GraalPy's pip (a CPython virtualenv cannot be
 * used by GraalPy; C extensions need GraalPy wheels).
 */
final class VirtualEnv {

  private VirtualEnv() {}

  /**
   * {@code name==version} of each distribution, sorted; empty when {@code home} is no venv here.
   */
  static Optional<List<String>> distributions(Path home) {
    if (!Files.isDirectory(home)) {
      return Optional.empty();
    }
    List<String> found = new ArrayList<>();
    try (Stream<Path> libs = Files.list(home.resolve("lib"))) {
      for (Path lib : libs.filter(p -> p.getFileName().toString().startsWith("python")).toList()) {
        Path sitePackages = lib.resolve("site-packages");
        if (!Files.isDirectory(sitePackages)) {
          continue;
        }
        try (Stream<Path> entries = Files.list(sitePackages)) {
          entries
              .map(p -> p.getFileName().toString())
              .map(VirtualEnv::requirement)
              .flatMap(Optional::stream)
              .forEach(found::add);
        }
      }
    } catch (IOException e) {
      return Optional.empty();
    }
    if (found.isEmpty() && !Files.exists(home.resolve("pyvenv.cfg"))) {
      return Optional.empty();
    }
    return Optional.of(found.stream().sorted(String.CASE_INSENSITIVE_ORDER).toList());
  }

  // Flask-3.0.3.dist-info -> Flask==3.0.3 (the metadata folder's name is NAME-VERSION).
  private static Optional<String> requirement(String entry) {
    String stem;
    if (entry.endsWith(".dist-info")) {
      stem = entry.substring(0, entry.length() - ".dist-info".length());
    } else if (entry.endsWith(".egg-info")) {
      stem = entry.substring(0, entry.length() - ".egg-info".length());
    } else {
      return Optional.empty();
    }
    int dash = stem.indexOf('-');
    if (dash < 0) {
      return Optional.of(stem);
    }
    String version = stem.substring(dash + 1);
    int pyTag = version.indexOf("-py");
    if (pyTag >= 0) {
      version = version.substring(0, pyTag);
    }
    return Optional.of(stem.substring(0, dash) + "==" + version);
  }
}
