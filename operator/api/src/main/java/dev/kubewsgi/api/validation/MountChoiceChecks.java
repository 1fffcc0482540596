package dev.kubewsgi.api.validation;

import dev.kubewsgi.api.spec.ApplicationSpec;
import java.util.List;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * The rules on an application's {@code mount} and {@code mountPattern} (ApplicationSpec's CEL
 * rules), and what CEL cannot check: that the pattern compiles as a Java regex.
 */
final class MountChoiceChecks {

  private MountChoiceChecks() {}

  /** Checks {@code app}, found at {@code field} ("spec.applications[i]"). */
  static void check(ApplicationSpec app, String field, List<SpecError> errors) {
    if ((app.getMount() == null) == (app.getMountPattern() == null)) {
      errors.add(new SpecError(field, ApplicationSpec.MOUNT_RULE));
    }
    if (app.getMountPattern() == null) {
      return;
    }
    if (app.getScript() == null) {
      errors.add(new SpecError(field + ".mountPattern", ApplicationSpec.PATTERN_SCRIPT_RULE));
    }
    try {
      Pattern.compile(app.getMountPattern());
    } catch (PatternSyntaxException e) {
      errors.add(
          new SpecError(
              field + ".mountPattern",
              "is no regular expression: " + e.getDescription() + " at index " + e.getIndex()));
    }
  }
}
