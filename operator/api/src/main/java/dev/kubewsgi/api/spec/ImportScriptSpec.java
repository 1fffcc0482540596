package dev.kubewsgi.api.spec;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import dev.kubewsgi.api.ApplicationGroups;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;
import io.fabric8.kubernetes.api.model.ConfigMapKeySelector;

/**
 * A script run in every interpreter of its application group before the pod is Ready: mod_wsgi's
 * {@code WSGIImportScript}.
 */
@ValidationRule(
    value = "[has(self.path), has(self.source), has(self.configMapRef)].filter(x, x).size() == 1",
    message = "exactly one of path, source and configMapRef must be set")
@ValidationRule(
    value = "!has(self.applicationGroup) || self.applicationGroup != '%{RESOURCE}'",
    fieldPath = ".applicationGroup",
    message = ImportScriptSpec.RESOURCE_RULE)
@JsonInclude(JsonInclude.Include.NON_NULL)
public class ImportScriptSpec {

  /** The CEL rule's message, shared with SpecValidator's Java check. */
  public static final String RESOURCE_RULE =
      "an import script cannot run in %{RESOURCE}, a different group per mount: name the group";

  @JsonPropertyDescription(
      "Name shown in logs, status and errors. Default: the path, the ConfigMap key, or "
          + "\"importScripts[i]\" for inline source.")
  @Size(max = 253)
  private String name;

  @JsonPropertyDescription(
      "Path of the script file. In a pod, a path in the image; in a local run, relative paths "
          + "resolve against the folder of the resource file. Exactly one of path, source and "
          + "configMapRef.")
  private String path;

  @JsonPropertyDescription(
      "The script's Python source, inline. Exactly one of path, source and configMapRef.")
  private String source;

  @JsonPropertyDescription(
      "A key of a ConfigMap in the resource's namespace that holds the script's source. Exactly "
          + "one of path, source and configMapRef.")
  private ConfigMapKeySelector configMapRef;

  @JsonPropertyDescription(
      "Application group whose interpreters run the script: \"%{GLOBAL}\" or a group some "
          + "application uses, by the same name (\"%{SERVER}\" and \"%{ENV:NAME}\" too; not "
          + "\"%{RESOURCE}\", which names a different group per mount).")
  // Parsed as YAML by the CRD generator: quoted, or "%" starts a YAML directive.
  @Default("\"" + ApplicationGroups.GLOBAL + "\"")
  @Size(min = 1, max = 253)
  @Pattern(ApplicationGroups.PATTERN)
  private String applicationGroup = ApplicationGroups.GLOBAL;

  public String getName() {
    return name;
  }

  public void setName(String name) {
    this.name = name;
  }

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

  public ConfigMapKeySelector getConfigMapRef() {
    return configMapRef;
  }

  public void setConfigMapRef(ConfigMapKeySelector configMapRef) {
    this.configMapRef = configMapRef;
  }

  public String getApplicationGroup() {
    return applicationGroup;
  }

  public void setApplicationGroup(String applicationGroup) {
    this.applicationGroup = applicationGroup;
  }
}
