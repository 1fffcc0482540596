package dev.kubewsgi.convert;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kubewsgi.convert.apache.Notice;
import dev.kubewsgi.convert.apache.Origin;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;

/**
 * What a converted resource needs from the Apache host: the paths it names, to copy into the image,
 * and a CPython virtualenv or site-packages to rebuild with GraalPy.
 */
final class HostPaths {

  private HostPaths() {}

  static List<Notice> of(ObjectNode resource, Origin origin) {
    List<Notice> advice = new ArrayList<>();
    String group = resource.path("metadata").path("name").asText();
    JsonNode spec = resource.path("spec");
    List<String> paths = new ArrayList<>();
    spec.path("applications").forEach(a -> paths.add(PatternMount.scriptToCopy(a)));
    for (String hook : List.of("accessScript", "authUserScript", "authGroupScript")) {
      for (var app : spec.path("applications")) {
        String path = app.path("auth").path(hook).path("path").textValue();
        if (path != null) {
          paths.add(path);
        }
      }
    }
    spec.path("importScripts").forEach(s -> paths.add(s.path("path").asText()));
    spec.path("staticFiles").forEach(s -> paths.add(s.path("directory").asText() + "/"));
    // A site-packages entry is reinstalled with GraalPy (below), not copied.
    spec.path("pythonPath").forEach(p -> paths.add(p.asText() + "/"));
    if (spec.has("home")) {
      paths.add(spec.path("home").asText() + "/");
    }
    paths.removeIf(p -> p.contains("/site-packages"));
    for (String path : new LinkedHashSet<>(paths)) {
      if (path.startsWith("/")) {
        advice.add(new Notice(origin, group, "copy into the image: " + path));
      }
    }
    spec.path("pythonPath")
        .forEach(
            p -> {
              if (p.asText().contains("/site-packages")) {
                advice.add(
                    new Notice(
                        origin,
                        group,
                        "python-path "
                            + p.asText()
                            + " is a CPython site-packages: install its distributions into a"
                            + " GraalPy venv (pythonHome) with GraalPy's pip instead (C extensions"
                            + " need GraalPy wheels)"));
              }
            });
    String home = spec.path("pythonHome").asText(null);
    if (home == null) {
      return advice;
    }
    Optional<List<String>> distributions = VirtualEnv.distributions(Path.of(home));
    advice.add(
        new Notice(
            origin,
            group,
            distributions
                .map(
                    d ->
                        "python-home "
                            + home
                            + " is a CPython virtualenv: make one with GraalPy at that path in"
                            + " the image and reinstall with GraalPy's pip ("
                            + d.size()
                            + " distributions: "
                            + String.join(" ", d)
                            + "); C extensions need GraalPy wheels")
                .orElse(
                    "python-home "
                        + home
                        + " is not on this machine: recreate it in the image with GraalPy's venv"
                        + " and pip (C extensions need GraalPy wheels)")));
    return advice;
  }
}
