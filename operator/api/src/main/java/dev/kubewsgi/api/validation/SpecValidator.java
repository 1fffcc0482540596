package dev.kubewsgi.api.validation;

import dev.kubewsgi.api.ApplicationGroups;
import dev.kubewsgi.api.WsgiProcessGroup;
import dev.kubewsgi.api.WsgiProcessGroupSpec;
import dev.kubewsgi.api.net.AddressRange;
import dev.kubewsgi.api.spec.AccessLogSpec;
import dev.kubewsgi.api.spec.ApplicationSpec;
import dev.kubewsgi.api.spec.ImportScriptSpec;
import dev.kubewsgi.api.spec.RequestLimitsSpec;
import dev.kubewsgi.api.spec.RolloutSpec;
import dev.kubewsgi.api.spec.StaticFilesSpec;
import dev.kubewsgi.api.spec.TrustedProxiesSpec;
import dev.kubewsgi.api.spec.WarmupRequestSpec;
import io.fabric8.kubernetes.api.model.IntOrString;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Checks a {@link WsgiProcessGroup} as the API server would: the schema's bounds ({@link
 * SchemaBounds}) and the CEL rules declared on the API classes, each error naming its field path.
 */
public final class SpecValidator {

  /** All errors of the resource, in document order; empty when it is valid. */
  public List<SpecError> validate(WsgiProcessGroup resource) {
    List<SpecError> errors = new ArrayList<>();
    if (!WsgiProcessGroup.API_VERSION.equals(resource.getApiVersion())) {
      errors.add(
          new SpecError(
              "apiVersion",
              "must be " + WsgiProcessGroup.API_VERSION + ", not " + resource.getApiVersion()));
    }
    if (!WsgiProcessGroup.KIND.equals(resource.getKind())) {
      errors.add(
          new SpecError(
              "kind", "must be " + WsgiProcessGroup.KIND + ", not " + resource.getKind()));
    }
    String name = resource.getMetadata() == null ? null : resource.getMetadata().getName();
    if (name != null && name.length() > WsgiProcessGroup.MAX_NAME_LENGTH) {
      errors.add(new SpecError("metadata.name", WsgiProcessGroup.NAME_RULE));
    }
    WsgiProcessGroupSpec spec = resource.getSpec();
    if (spec == null) {
      errors.add(new SpecError("spec", "is required"));
      return errors;
    }
    return validateSpec(spec, errors);
  }

  /** All errors of a spec alone, field paths starting at {@code spec}. */
  public List<SpecError> validate(WsgiProcessGroupSpec spec) {
    return validateSpec(spec, new ArrayList<>());
  }

  private List<SpecError> validateSpec(WsgiProcessGroupSpec spec, List<SpecError> errors) {
    SchemaBounds.check(spec, "spec", errors);
    if (spec.getHome() != null && !spec.getHome().startsWith("/")) {
      errors.add(new SpecError("spec.home", WsgiProcessGroupSpec.HOME_RULE));
    }
    checkImportScriptSources(spec, errors);
    checkApplicationSources(spec, errors);
    if (spec.getApplications() != null) {
      for (int i = 0; i < spec.getApplications().size(); i++) {
        ApplicationSpec app = spec.getApplications().get(i);
        if (app != null) {
          String field = "spec.applications[" + i + "]";
          MountChoiceChecks.check(app, field, errors);
          AuthChecks.check(app, field, errors);
        }
      }
    }
    checkUniqueMounts(spec, errors);
    checkStaticMounts(spec, errors);
    checkImportScriptGroups(spec, errors);
    checkWarmupBodies(spec, errors);
    checkRollout(spec.getRollout(), errors);
    checkTrustedProxies(spec.getTrustedProxies(), errors);
    checkAccessLog(spec.getAccessLog(), errors);
    PodTemplateChecks.check(spec.getPodTemplate(), errors);
    return errors;
  }

  // The two rules on RolloutSpec.
  private static void checkRollout(RolloutSpec rollout, List<SpecError> errors) {
    if (rollout == null) {
      return;
    }
    IntOrString surge = rollout.getMaxSurge();
    if (surge != null) {
      boolean positive =
          surge.getIntVal() != null
              ? surge.getIntVal() > 0
              : surge.getStrVal() != null
                  && surge.getStrVal().matches("[0-9]+%")
                  && !surge.getStrVal().equals("0%");
      if (!positive) {
        errors.add(new SpecError("spec.rollout.maxSurge", RolloutSpec.MAX_SURGE_RULE));
      }
    }
    Integer minReady = rollout.getMinReadySeconds();
    Integer deadline = rollout.getProgressDeadlineSeconds();
    if (minReady != null && deadline != null && deadline <= minReady) {
      errors.add(
          new SpecError(
              "spec.rollout.progressDeadlineSeconds", RolloutSpec.PROGRESS_DEADLINE_RULE));
    }
  }

  // The rule on TrustedProxiesSpec: CEL's isIP or isCIDR.
  private static void checkTrustedProxies(TrustedProxiesSpec proxies, List<SpecError> errors) {
    if (proxies == null || proxies.getAddresses() == null) {
      return;
    }
    proxies.getAddresses().stream()
        .filter(a -> AddressRange.parse(a).isEmpty())
        .findFirst()
        .ifPresent(
            bad ->
                errors.add(
                    new SpecError(
                        "spec.trustedProxies.addresses",
                        "addresses must be IP addresses or CIDRs, not: " + bad)));
  }

  // The rule on AccessLogSpec.
  private static void checkAccessLog(AccessLogSpec accessLog, List<SpecError> errors) {
    String format = accessLog == null ? null : accessLog.getFormat();
    if (format == null
        || format.equals(AccessLogSpec.COMBINED)
        || format.equals(AccessLogSpec.JSON)
        || java.util.regex.Pattern.matches(AccessLogSpec.FORMAT_PATTERN, format)) {
      return;
    }
    errors.add(new SpecError("spec.accessLog.format", AccessLogSpec.FORMAT_RULE));
  }

  // The rule on ApplicationSpec: exactly one of script and module.
  private static void checkApplicationSources(WsgiProcessGroupSpec spec, List<SpecError> errors) {
    List<ApplicationSpec> apps = spec.getApplications();
    if (apps == null) {
      return;
    }
    for (int i = 0; i < apps.size(); i++) {
      ApplicationSpec app = apps.get(i);
      if (app != null && (app.getScript() == null) == (app.getModule() == null)) {
        errors.add(new SpecError("spec.applications[" + i + "]", ApplicationSpec.SOURCE_RULE));
      }
    }
  }

  // The rule on ImportScriptSpec: exactly one of path, source and configMapRef.
  private static void checkImportScriptSources(WsgiProcessGroupSpec spec, List<SpecError> errors) {
    List<ImportScriptSpec> scripts = spec.getImportScripts();
    if (scripts == null) {
      return;
    }
    for (int i = 0; i < scripts.size(); i++) {
      ImportScriptSpec script = scripts.get(i);
      if (script == null) {
        continue;
      }
      int sources =
          (script.getPath() != null ? 1 : 0)
              + (script.getSource() != null ? 1 : 0)
              + (script.getConfigMapRef() != null ? 1 : 0);
      if (sources != 1) {
        errors.add(
            new SpecError(
                "spec.importScripts[" + i + "]",
                "exactly one of path, source and configMapRef must be set, found " + sources));
      }
    }
  }

  // The first rule on WsgiProcessGroupSpec: each application has a mount of its own.
  private static void checkUniqueMounts(WsgiProcessGroupSpec spec, List<SpecError> errors) {
    List<ApplicationSpec> apps = spec.getApplications();
    if (apps == null) {
      return;
    }
    Map<String, Integer> firstByMount = new HashMap<>();
    for (int i = 0; i < apps.size(); i++) {
      ApplicationSpec app = apps.get(i);
      if (app == null || app.getMount() == null) {
        continue;
      }
      Integer first = firstByMount.putIfAbsent(app.getMount(), i);
      if (first != null) {
        errors.add(
            new SpecError(
                "spec.applications[" + i + "].mount",
                "mount \""
                    + app.getMount()
                    + "\" is already used by spec.applications["
                    + first
                    + "]: each application needs a mount of its own"));
      }
    }
  }

  // The rule on WsgiProcessGroupSpec.staticFiles: a mount of its own, not an application's.
  private static void checkStaticMounts(WsgiProcessGroupSpec spec, List<SpecError> errors) {
    List<StaticFilesSpec> statics = spec.getStaticFiles();
    if (statics == null) {
      return;
    }
    Map<String, String> taken = new HashMap<>();
    List<ApplicationSpec> apps =
        spec.getApplications() == null ? List.of() : spec.getApplications();
    for (int i = 0; i < apps.size(); i++) {
      if (apps.get(i) != null && apps.get(i).getMount() != null) {
        taken.putIfAbsent(apps.get(i).getMount(), "spec.applications[" + i + "]");
      }
    }
    for (int i = 0; i < statics.size(); i++) {
      StaticFilesSpec s = statics.get(i);
      if (s == null || s.getMount() == null) {
        continue;
      }
      String owner = taken.putIfAbsent(s.getMount(), "spec.staticFiles[" + i + "]");
      if (owner != null) {
        errors.add(
            new SpecError(
                "spec.staticFiles[" + i + "].mount",
                "mount \""
                    + s.getMount()
                    + "\" is already used by "
                    + owner
                    + ": "
                    + WsgiProcessGroupSpec.STATIC_MOUNT_RULE));
      }
    }
  }

  // The second rule on WsgiProcessGroupSpec: an import script's group is %{GLOBAL} or used by an
  // app.
  private static void checkImportScriptGroups(WsgiProcessGroupSpec spec, List<SpecError> errors) {
    List<ImportScriptSpec> scripts = spec.getImportScripts();
    if (scripts == null) {
      return;
    }
    Set<String> appGroups = new HashSet<>();
    if (spec.getApplications() != null) {
      for (ApplicationSpec app : spec.getApplications()) {
        if (app != null && app.getApplicationGroup() != null) {
          appGroups.add(app.getApplicationGroup());
        }
      }
    }
    for (int i = 0; i < scripts.size(); i++) {
      ImportScriptSpec script = scripts.get(i);
      if (script == null) {
        continue;
      }
      String group = script.getApplicationGroup();
      if (ApplicationGroups.RESOURCE.equals(group)) {
        // The rule on ImportScriptSpec.
        errors.add(
            new SpecError(
                "spec.importScripts[" + i + "].applicationGroup", ImportScriptSpec.RESOURCE_RULE));
        continue;
      }
      if (group != null && !ApplicationGroups.GLOBAL.equals(group) && !appGroups.contains(group)) {
        errors.add(
            new SpecError(
                "spec.importScripts[" + i + "].applicationGroup",
                "application group \""
                    + group
                    + "\" is used by no application; use "
                    + ApplicationGroups.GLOBAL
                    + " or the group of an application "
                    + appGroups.stream().sorted().toList()));
      }
    }
  }

  // A warm-up body the limits refuse would warm the 413 path, which passes as "below 500".
  private static void checkWarmupBodies(WsgiProcessGroupSpec spec, List<SpecError> errors) {
    if (spec.getWarmup() == null || spec.getWarmup().getRequests() == null) {
      return;
    }
    long max =
        spec.getLimits() != null && spec.getLimits().getMaxBodySize() != null
            ? spec.getLimits().getMaxBodySize()
            : new RequestLimitsSpec().getMaxBodySize();
    List<WarmupRequestSpec> requests = spec.getWarmup().getRequests();
    for (int i = 0; i < requests.size(); i++) {
      WarmupRequestSpec request = requests.get(i);
      if (request == null) {
        continue;
      }
      long size =
          request.getBodySize() != null
              ? request.getBodySize()
              : request.getBody() == null
                  ? 0
                  : request.getBody().getBytes(StandardCharsets.UTF_8).length;
      if (size > max) {
        errors.add(
            new SpecError(
                "spec.warmup.requests["
                    + i
                    + "]."
                    + (request.getBodySize() != null ? "bodySize" : "body"),
                "a body of "
                    + size
                    + " bytes is over spec.limits.maxBodySize ("
                    + max
                    + "), so the warm-up would get 413"));
      }
    }
  }
}
