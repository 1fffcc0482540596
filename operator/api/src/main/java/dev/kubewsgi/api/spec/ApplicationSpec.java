package dev.kubewsgi.api.spec;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import dev.kubewsgi.api.ApplicationGroups;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;

/**
 * A WSGI application mounted at a URL prefix: mod_wsgi's {@code WSGIScriptAlias} with {@code
 * WSGICallableObject}, or a module on the Python path as gunicorn names one.
 */
@ValidationRule(
    value = "has(self.script) != has(self.module)",
    message = ApplicationSpec.SOURCE_RULE)
@ValidationRule(
    value = "has(self.mount) != has(self.mountPattern)",
    message = ApplicationSpec.MOUNT_RULE)
@ValidationRule(
    value = "!has(self.mountPattern) || has(self.script)",
    fieldPath = ".mountPattern",
    message = ApplicationSpec.PATTERN_SCRIPT_RULE)
@ValidationRule(
    value =
        "!has(self.auth) || ("
            + "(!has(self.auth.accessScript) || !has(self.auth.accessScript.applicationGroup) || self.auth.accessScript.applicationGroup == self.applicationGroup)"
            + " && "
            + "(!has(self.auth.authUserScript) || !has(self.auth.authUserScript.applicationGroup) || self.auth.authUserScript.applicationGroup == self.applicationGroup)"
            + " && "
            + "(!has(self.auth.authGroupScript) || !has(self.auth.authGroupScript.applicationGroup) || self.auth.authGroupScript.applicationGroup == self.applicationGroup)"
            + ")",
    fieldPath = ".auth",
    message = ApplicationSpec.AUTH_GROUP_RULE)
@JsonInclude(JsonInclude.Include.NON_NULL)
public class ApplicationSpec {

  /** The CEL rule's message, shared with SpecValidator's Java check. */
  public static final String AUTH_GROUP_RULE =
      "an auth hook runs in the interpreter that serves the application, before it: its "
          + "applicationGroup must be the application's applicationGroup, or unset";

  /** The CEL rule's message, shared with SpecValidator's Java check. */
  public static final String SOURCE_RULE = "exactly one of script and module must be set";

  /**
   * What a mountPattern must look like: "/" or "^/" first, after inline flags such as "(?i)"; the
   * same text is a Java and an RE2 regex.
   */
  public static final String MOUNT_PATTERN_FORM = "^(\\(\\?[a-zA-Z]+\\))?\\^?/.*$";

  /** The CEL rule's message, shared with SpecValidator's Java check. */
  public static final String MOUNT_RULE = "exactly one of mount and mountPattern must be set";

  /** The CEL rule's message, shared with SpecValidator's Java check. */
  public static final String PATTERN_SCRIPT_RULE =
      "a mountPattern application needs a script (WSGIScriptAliasMatch names a file), not a module";

  @JsonPropertyDescription(
      "URL prefix the application is mounted at, like the first argument of WSGIScriptAlias: \"/\" "
          + "or a path without a trailing slash such as \"/api\". The longest matching prefix wins; the "
          + "prefix becomes SCRIPT_NAME and the rest PATH_INFO. Either this or mountPattern.")
  @Pattern("^/$|^(/[^/?#\\s]+)+$")
  // Bounded so that the API server can afford the CEL rule comparing every pair of mounts.
  @Size(max = 256)
  private String mount;

  @JsonPropertyDescription(
      "A regular expression over the request path instead of a mount, like the first argument of "
          + "mod_wsgi's WSGIScriptAliasMatch: matched at the start of the path (\"^\" optional), "
          + "Java regex syntax (what Apache's PCRE patterns use in practice), \"/\" first (after \"^\" "
          + "and inline flags such as \"(?i)\"). The script may use $1 "
          + "to $9 for the groups, e.g. mountPattern \"^/sites/([^/]+)\" with script "
          + "\"/srv/$1.wsgi\". The matched text becomes SCRIPT_NAME and the rest PATH_INFO; a path "
          + "whose script names no file found at start-up gets 404. At start-up each $N of the "
          + "script stands for one path segment (a glob *), and every existing file so named is "
          + "preloaded. Exact mounts are tried first (longest prefix), then patterns in order. "
          + "Either this or mount.")
  @Pattern(ApplicationSpec.MOUNT_PATTERN_FORM)
  @Size(min = 2, max = 256)
  private String mountPattern;

  @JsonPropertyDescription(
      "Path of the WSGI script file (mod_wsgi's WSGIScriptAlias). In a pod, a path in the image; in "
          + "a local run, relative paths resolve against the folder of the resource file. Either this "
          + "or module.")
  @Size(min = 1, max = 4096)
  private String script;

  @JsonPropertyDescription(
      "The application as gunicorn names it: a module importable from pythonPath or pythonHome, "
          + "and optionally its callable, e.g. mysite.wsgi or mysite.wsgi:application (the callable "
          + "after the colon wins over the callable field). Either this or script.")
  @Pattern("^[A-Za-z_][A-Za-z0-9_]*(\\.[A-Za-z_][A-Za-z0-9_]*)*(:[A-Za-z_][A-Za-z0-9_]*)?$")
  @Size(max = 512)
  private String module;

  @JsonPropertyDescription(
      "Name of the WSGI callable in the script (mod_wsgi's WSGICallableObject).")
  @Default("application")
  @Pattern("^[A-Za-z_][A-Za-z0-9_]*$")
  private String callable = "application";

  @JsonPropertyDescription(
      "Application group (interpreter) the application runs in, like WSGIApplicationGroup: "
          + "\"%{GLOBAL}\" or any name. Applications in one group share module state; groups are isolated "
          + "from each other. Also mod_wsgi's forms: \"%{RESOURCE}\" (a group of its own per mount, "
          + "named <resource name>|<mount>), \"%{SERVER}\" (a group named after the resource) and "
          + "\"%{ENV:NAME}\" (the value of the environment variable NAME, e.g. from spec.env).")
  // Parsed as YAML by the CRD generator: quoted, or "%" starts a YAML directive.
  @Default("\"" + ApplicationGroups.GLOBAL + "\"")
  @Size(min = 1, max = 253)
  @Pattern(ApplicationGroups.PATTERN)
  private String applicationGroup = ApplicationGroups.GLOBAL;

  @JsonPropertyDescription(
      "Access and authentication hooks checked before the application runs (mod_wsgi's "
          + "WSGIAccessScript, WSGIAuthUserScript, WSGIAuthGroupScript, WSGIPassAuthorization).")
  private AuthSpec auth;

  public String getMount() {
    return mount;
  }

  public void setMount(String mount) {
    this.mount = mount;
  }

  public String getMountPattern() {
    return mountPattern;
  }

  public void setMountPattern(String mountPattern) {
    this.mountPattern = mountPattern;
  }

  public String getScript() {
    return script;
  }

  public void setScript(String script) {
    this.script = script;
  }

  public String getModule() {
    return module;
  }

  public void setModule(String module) {
    this.module = module;
  }

  public String getCallable() {
    return callable;
  }

  public void setCallable(String callable) {
    this.callable = callable;
  }

  public String getApplicationGroup() {
    return applicationGroup;
  }

  public void setApplicationGroup(String applicationGroup) {
    this.applicationGroup = applicationGroup;
  }

  public AuthSpec getAuth() {
    return auth;
  }

  public void setAuth(AuthSpec auth) {
    this.auth = auth;
  }
}
