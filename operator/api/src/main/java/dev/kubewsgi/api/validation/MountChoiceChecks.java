package dev.kubewsgi.api.validation;

import dev.kubewsgi.api.WsgiProcessGroupSpec;
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

  static void check(WsgiProcessGroupSpec spec, List<SpecError> errors) {
    List<ApplicationSpec> apps = spec.getApplications();
    if (apps == null) {
      return;
    }
    for (int i = 0; i < apps.size(); i++) {
      ApplicationSpec app = apps.get(i);
      if (app == null) {
        continue;
      }
      String field = "spec.applications[" + i + "]";
      if ((app.getMount() == null) == (app.getMountPattern() == null)) {
        errors.add(new SpecError(field, ApplicationSpec.MOUNT_RULE));
      }
      if (app.getMountPattern() == null) {
        continue;
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
}
