package dev.kubewsgi.api.spec;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import dev.kubewsgi.api.ApplicationGroups;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;

/**
 * A Python script with an access or authentication hook (mod_wsgi's {@code WSGIAccessScript},
 * {@code WSGIAuthUserScript}, {@code WSGIAuthGroupScript}), preloaded before Ready.
 */
@ValidationRule(value = "has(self.path) != has(self.source)", message = AuthScriptSpec.SOURCE_RULE)
@JsonInclude(JsonInclude.Include.NON_NULL)
public class AuthScriptSpec {

  /** The CEL rule's message, shared with SpecValidator's Java check. */
  public static final String SOURCE_RULE = "exactly one of path and source must be set";

  @JsonPropertyDescription(
      "Path of the script file. In a pod, a path in the image; in a local run, relative paths "
          + "resolve against the folder of the resource file. Loaded as mod_wsgi loads it (module "
          + "_mod_wsgi_<md5 of the path>), so a script that is also an import script or an "
          + "application's script is loaded once. Exactly one of path and source.")
  @Size(min = 1, max = 4096)
  private String path;

  @JsonPropertyDescription("The script's Python source, inline. Exactly one of path and source.")
  private String source;

  @JsonPropertyDescription(
      "Application group the hook runs in (mod_wsgi's application-group= option on the "
          + "directive). The hook runs in the interpreter that serves the application, before the "
          + "application, so it must name the application's group; unset means the application's "
          + "group. mod_wsgi's default, %{GLOBAL}, is the application's group unless the "
          + "application names another.")
  @Size(min = 1, max = 253)
  @Pattern(ApplicationGroups.PATTERN)
  private String applicationGroup;

  public String getPath() {
    return path;
  }

  public void setPath(String path) {
    this.path = path;
  }

  public String getSource() {
    return source;
  }

  public void setSource(String source) {
    this.source = source;
  }

  public String getApplicationGroup() {
    return applicationGroup;
  }

  public void setApplicationGroup(String applicationGroup) {
    this.applicationGroup = applicationGroup;
  }
}
