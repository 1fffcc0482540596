package dev.kubewsgi.api.spec;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;
import java.util.List;

/**
 * Access and authentication hooks of one application, checked before the application runs:
 * mod_wsgi's {@code WSGIAccessScript}, {@code WSGIAuthUserScript}, {@code WSGIAuthGroupScript} with
 * {@code Require group}, and {@code WSGIPassAuthorization}.
 */
@ValidationRule(
    value =
        "has(self.authGroupScript) == (has(self.requiredGroups) && size(self.requiredGroups) > 0)",
    message = AuthSpec.GROUPS_RULE)
@ValidationRule(
    value = "!has(self.authGroupScript) || has(self.authUserScript)",
    fieldPath = ".authGroupScript",
    message = AuthSpec.GROUP_NEEDS_USER_RULE)
@JsonInclude(JsonInclude.Include.NON_NULL)
public class AuthSpec {

  /** The CEL rules' messages, shared with SpecValidator's Java checks. */
  public static final String GROUPS_RULE =
      "authGroupScript and requiredGroups go together: set both or neither";

  public static final String GROUP_NEEDS_USER_RULE =
      "authGroupScript needs authUserScript: groups are looked up for an authenticated user";

  @JsonPropertyDescription(
      "Host access hook (WSGIAccessScript): the script defines allow_access(environ, host), "
          + "called first with the client's address as host; True lets the request on, False (or "
          + "None: there is no other module to defer to) answers 403.")
  private AuthScriptSpec accessScript;

  @JsonPropertyDescription(
      "Authentication hook (WSGIAuthUserScript): a request without valid credentials gets 401 "
          + "with WWW-Authenticate and the realm; on success the application sees REMOTE_USER and "
          + "AUTH_TYPE.")
  private AuthUserScriptSpec authUserScript;

  @JsonPropertyDescription(
      "Group authorisation hook (WSGIAuthGroupScript): the script defines groups_for_user(environ,"
          + " user), returning the user's group names; a user in none of requiredGroups gets 401, "
          + "as Apache's Require group answers by default.")
  private AuthScriptSpec authGroupScript;

  @JsonPropertyDescription(
      "Groups that may use the application (Apache's Require group): any one of them is enough. "
          + "Set together with authGroupScript.")
  @Size(max = 64)
  private List<String> requiredGroups;

  @JsonPropertyDescription(
      "WSGIPassAuthorization: whether the Authorization header reaches the application as "
          + "HTTP_AUTHORIZATION. Default true, which keeps kubewsgi's behaviour before these hooks "
          + "(mod_wsgi's default is Off; kubewsgi convert sets it from the Apache file). Set false "
          + "so an application behind authUserScript never sees the password.")
  private Boolean passAuthorization;

  public AuthScriptSpec getAccessScript() {
    return accessScript;
  }

  public void setAccessScript(AuthScriptSpec accessScript) {
    this.accessScript = accessScript;
  }

  public AuthUserScriptSpec getAuthUserScript() {
    return authUserScript;
  }

  public void setAuthUserScript(AuthUserScriptSpec authUserScript) {
    this.authUserScript = authUserScript;
  }

  public AuthScriptSpec getAuthGroupScript() {
    return authGroupScript;
  }

  public void setAuthGroupScript(AuthScriptSpec authGroupScript) {
    this.authGroupScript = authGroupScript;
  }

  public List<String> getRequiredGroups() {
    return requiredGroups;
  }

  public void setRequiredGroups(List<String> requiredGroups) {
    this.requiredGroups = requiredGroups;
  }

  public Boolean getPassAuthorization() {
    return passAuthorization;
  }

  public void setPassAuthorization(Boolean passAuthorization) {
    this.passAuthorization = passAuthorization;
  }

  /** The effective switch: true when unset. */
  public boolean passesAuthorization() {
    return passAuthorization == null || passAuthorization;
  }
}
