package dev.kubewsgi.api.validation;

import dev.kubewsgi.api.spec.ApplicationSpec;
import dev.kubewsgi.api.spec.AuthScriptSpec;
import dev.kubewsgi.api.spec.AuthSpec;
import dev.kubewsgi.api.spec.AuthUserScriptSpec;
import java.util.List;

/**
 * The rules on AuthSpec, AuthScriptSpec, AuthUserScriptSpec and ApplicationSpec's auth group (their
 * CEL rules, checked again for {@code kubewsgi run} and the operator's own validation).
 */
final class AuthChecks {

  private AuthChecks() {}

  /** Checks the auth of {@code app}, found at {@code appField} ("spec.applications[i]"). */
  static void check(ApplicationSpec app, String appField, List<SpecError> errors) {
    AuthSpec auth = app.getAuth();
    if (auth == null) {
      return;
    }
    String field = appField + ".auth";
    checkHook(auth.getAccessScript(), app, field + ".accessScript", errors);
    checkHook(auth.getAuthUserScript(), app, field + ".authUserScript", errors);
    checkHook(auth.getAuthGroupScript(), app, field + ".authGroupScript", errors);
    AuthUserScriptSpec user = auth.getAuthUserScript();
    boolean groups = auth.getRequiredGroups() != null && !auth.getRequiredGroups().isEmpty();
    if ((auth.getAuthGroupScript() != null) != groups) {
      errors.add(new SpecError(field, AuthSpec.GROUPS_RULE));
    }
    if (auth.getAuthGroupScript() != null && user == null) {
      errors.add(new SpecError(field + ".authGroupScript", AuthSpec.GROUP_NEEDS_USER_RULE));
    }
  }

  private static void checkHook(
      AuthScriptSpec hook, ApplicationSpec app, String field, List<SpecError> errors) {
    if (hook == null) {
      return;
    }
    if ((hook.getPath() == null) == (hook.getSource() == null)) {
      errors.add(new SpecError(field, AuthScriptSpec.SOURCE_RULE));
    }
    String group = hook.getApplicationGroup();
    if (group != null && !group.equals(app.getApplicationGroup())) {
      errors.add(
          new SpecError(
              field + ".applicationGroup",
              ApplicationSpec.AUTH_GROUP_RULE
                  + " (\""
                  + app.getApplicationGroup()
                  + "\"), not \""
                  + group
                  + "\""));
    }
  }
}
