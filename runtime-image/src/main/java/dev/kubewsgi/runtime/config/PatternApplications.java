package dev.kubewsgi.runtime.config;

import dev.kubewsgi.api.validation.SpecError;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * A {@code mountPattern} application as the runtime loads it: one ordinary preloaded application
 * per file its script template names ({@link MountPattern#expand()}), each under a key of its own,
 * all naming {@code spec.applications[i]} in messages.
 */
final class PatternApplications {

  private PatternApplications() {}

  /**
   * The applications {@code spec.applications[index]} expands to, keyed from {@code firstKey} on;
   * none, with a problem added, when no file matches.
   */
  static List<Application> expand(
      int index,
      String regex,
      String template,
      String callable,
      String group,
      ApplicationAuth auth,
      int firstKey,
      List<SpecError> problems) {
    String field = "spec.applications[" + index + "]";
    MountPattern pattern = MountPattern.compile(regex, template, field + ".mountPattern");
    List<String> scripts;
    try {
      scripts = pattern.expand();
    } catch (IOException e) {
      problems.add(
          new SpecError(field + ".script", "cannot list the files " + template + " names: " + e));
      return List.of();
    }
    if (scripts.isEmpty()) {
      problems.add(
          new SpecError(
              field + ".script",
              "no file matches "
                  + template
                  + " (each $N of a mountPattern application's script stands for any text within"
                  + " one path segment); the application of mountPattern "
                  + regex
                  + " would answer every request 404"));
      return List.of();
    }
    List<Application> out = new ArrayList<>();
    for (String script : scripts) {
      out.add(
          new Application(
              index, firstKey + out.size(), regex, pattern, script, null, callable, group, auth));
    }
    return List.copyOf(out);
  }
}
