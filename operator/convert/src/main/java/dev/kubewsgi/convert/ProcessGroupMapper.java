package dev.kubewsgi.convert;

import static dev.kubewsgi.convert.Chosen.provenance;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kubewsgi.api.ApplicationGroups;
import dev.kubewsgi.api.WsgiProcessGroup;
import dev.kubewsgi.convert.WsgiDirectives.DaemonProcess;
import dev.kubewsgi.convert.WsgiDirectives.ScriptAlias;
import dev.kubewsgi.convert.WsgiDirectives.Setting;
import dev.kubewsgi.convert.WsgiDirectives.StaticAlias;
import dev.kubewsgi.convert.apache.Directive;
import dev.kubewsgi.convert.apache.Notice;
import dev.kubewsgi.convert.apache.Origin;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Turns the mod_wsgi directives of a configuration into one WsgiProcessGroup per {@code
 * WSGIDaemonProcess}: its options, the script aliases delegated to it with their application group,
 * callable and auth, its import scripts, and the static {@code Alias}es of the virtual hosts it
 * serves.
 */
public final class ProcessGroupMapper {

  private static final Pattern MOUNT = Pattern.compile("^/$|^(/[^/?#\\s]+)+$");
  private static final Pattern GROUP = Pattern.compile(ApplicationGroups.PATTERN);

  /** A group's resource while it is being built. */
  private static final class Draft {
    final DaemonProcess daemon;
    final ObjectNode resource = JsonNodeFactory.instance.objectNode();
    final ObjectNode spec;
    final Map<String, String> comments = new HashMap<>();
    final Map<String, ObjectNode> appsByMount = new LinkedHashMap<>();
    final Map<String, Origin> mountOrigins = new HashMap<>();
    final Set<Directive> vhostSections = new HashSet<>();

    Draft(DaemonProcess daemon, String name) {
      this.daemon = daemon;
      resource.put("apiVersion", WsgiProcessGroup.API_VERSION);
      resource.put("kind", WsgiProcessGroup.KIND);
      resource.putObject("metadata").put("name", name);
      comments.put(
          "metadata.name", provenance("WSGIDaemonProcess " + daemon.name(), daemon.directive()));
      spec = resource.putObject("spec");
    }

    ArrayNode list(String field) {
      return spec.has(field) ? (ArrayNode) spec.get(field) : spec.putArray(field);
    }
  }

  private final List<Notice> unmapped = new ArrayList<>();
  private final List<Notice> advice = new ArrayList<>();
  // Hook directives that applied to an application written, or were reported for one.
  private final Set<Directive> usedAuth = new HashSet<>();

  /** Converts a configuration's directive tree. */
  public Conversion convert(List<Directive> directives) {
    WsgiDirectives index = WsgiDirectives.of(directives);
    unmapped.addAll(index.notices);
    Map<String, Draft> drafts = new LinkedHashMap<>();
    Set<String> names = new HashSet<>();
    for (DaemonProcess daemon : index.daemons.values()) {
      Draft draft = new Draft(daemon, uniqueName(daemon.name(), names));
      new DaemonOptions(daemon, draft.spec, draft.comments, unmapped).map();
      if (!draft.spec.has("pythonHome") && index.pythonHome != null) {
        draft.spec.put("pythonHome", index.pythonHome.arg0());
        draft.comments.put(
            "spec.pythonHome", provenance(index.pythonHome.text(), index.pythonHome));
      }
      drafts.put(daemon.name(), draft);
    }
    for (ScriptAlias alias : index.scriptAliases) {
      application(alias, index, drafts);
    }
    for (StaticAlias alias : index.staticAliases) {
      staticFiles(alias, index, drafts);
    }
    for (Directive script : index.importScripts) {
      importScript(script, drafts);
    }
    unusedAuth(index);
    List<ConvertedGroup> groups = new ArrayList<>();
    for (Draft draft : drafts.values()) {
      if (draft.appsByMount.isEmpty()) {
        unmapped.add(
            new Notice(
                draft.daemon.directive().origin(),
                "WSGIDaemonProcess " + draft.daemon.name(),
                "no WSGIScriptAlias is delegated to it: nothing to serve, no resource written"));
        continue;
      }
      ArrayNode apps = draft.spec.putArray("applications");
      draft.appsByMount.values().forEach(apps::add);
      reorder(draft.spec);
      advice.addAll(HostPaths.of(draft.resource, draft.daemon.directive().origin()));
      groups.add(
          new ConvertedGroup(
              draft.resource.path("metadata").path("name").asText(),
              draft.resource,
              draft.comments));
    }
    return new Conversion(groups, unmapped, advice);
  }

  private void application(ScriptAlias alias, WsgiDirectives index, Map<String, Draft> drafts) {
    Directive d = alias.directive();
    Directive vhost = alias.scope().vhost();
    boolean pattern = PatternMount.is(alias);
    // A regex's settings are those of the URL its literal beginning names (PatternMount.urlOf).
    String mount =
        pattern ? PatternMount.urlOf(alias.mount()) : WsgiDirectives.trimSlash(alias.mount());
    String script = alias.script();
    Optional<Chosen> group =
        Chosen.choose(alias, "process-group", "wsgiprocessgroup", index, mount, script);
    if (group.isEmpty() || group.get().value().isEmpty()) {
      unmapped.add(
          notice(
              d,
              "no WSGIProcessGroup applies: it runs in Apache's own processes (embedded mode),"
                  + " which have no counterpart on Kubernetes; delegate it to a WSGIDaemonProcess"));
      return;
    }
    String groupName = group.get().value();
    if (groupName.equals(ApplicationGroups.GLOBAL)) {
      unmapped.add(
          notice(
              d,
              "process group %{GLOBAL} is Apache's own processes (embedded mode), which have no"
                  + " counterpart on Kubernetes ("
                  + group.get().origin()
                  + ")"));
      return;
    }
    if (groupName.startsWith("%{")) {
      unmapped.add(
          notice(
              d,
              "process group "
                  + groupName
                  + " ("
                  + group.get().origin()
                  + ") is chosen per request; a resource needs it named"));
      return;
    }
    Draft draft = drafts.get(groupName);
    if (draft == null) {
      unmapped.add(
          notice(
              d,
              "its process group \""
                  + groupName
                  + "\" ("
                  + group.get().origin()
                  + ") is not a WSGIDaemonProcess of this configuration"));
      return;
    }
    String problem =
        pattern
            ? PatternMount.problem(alias.mount())
            : MOUNT.matcher(mount).matches()
                ? null
                : "the URL " + alias.mount() + " is no mount the resource accepts";
    if (problem != null) {
      unmapped.add(notice(d, problem));
      return;
    }
    if (script.endsWith("/")) {
      unmapped.add(
          notice(
              d,
              "maps a URL to a folder of scripts: name each script with a WSGIScriptAlias of its"
                  + " own"));
      return;
    }
    ObjectNode app = JsonNodeFactory.instance.objectNode();
    Map<String, String> appComments = new HashMap<>();
    if (pattern) {
      PatternMount.write(app, alias, appComments);
    } else {
      app.put("mount", mount);
    }
    app.put("script", script);
    appComments.put("", provenance(d.text(), d) + "\nprocess group: " + group.get().comment());
    Optional<Chosen> callable =
        Chosen.choose(alias, "callable-object", "wsgicallableobject", index, mount, script);
    if (callable.isPresent() && !callable.get().value().equals("application")) {
      app.put("callable", callable.get().value());
      appComments.put(".callable", callable.get().comment());
    }
    Optional<Chosen> appGroup =
        Chosen.choose(alias, "application-group", "wsgiapplicationgroup", index, mount, script);
    if (appGroup.isPresent() && GROUP.matcher(appGroup.get().value()).matches()) {
      app.put("applicationGroup", appGroup.get().value());
      appComments.put(".applicationGroup", appGroup.get().comment());
    } else {
      if (appGroup.isPresent()) {
        unmapped.add(
            notice(
                d,
                "application group \""
                    + appGroup.get().value()
                    + "\" ("
                    + appGroup.get().origin()
                    + ") is not one the runtime knows: written as mod_wsgi's default %{RESOURCE}"));
      }
      app.put("applicationGroup", ApplicationGroups.RESOURCE);
      appComments.put(".applicationGroup", "mod_wsgi's default: no WSGIApplicationGroup applies");
    }
    app.set(
        "auth",
        new AuthMapper(
                alias,
                index,
                mount,
                app.path("applicationGroup").asText(),
                draft.daemon,
                unmapped,
                usedAuth,
                appComments)
            .map());
    partialAuth(alias, index, mount);
    draft.vhostSections.add(vhost);
    String key = pattern ? PatternMount.key(alias) : mount;
    ObjectNode existing = draft.appsByMount.get(key);
    if (existing != null) {
      if (!existing.equals(app)) {
        unmapped.add(
            notice(
                d,
                (pattern ? "" : "mount ")
                    + key
                    + " is already served by the application of "
                    + draft.mountOrigins.get(key)
                    + " in this group: kept that one"));
      }
      return;
    }
    String base = "spec.applications[" + draft.appsByMount.size() + "]";
    draft.appsByMount.put(key, app);
    draft.mountOrigins.put(key, d.origin());
    appComments.forEach((suffix, comment) -> draft.comments.put(base + suffix, comment));
  }

  private static final Set<String> HOOKS =
      Set.of("wsgiaccessscript", "wsgiauthuserscript", "wsgiauthgroupscript");

  // A hook in a <Location> inside a mount protects part of an application; kubewsgi's auth is per
  // application, so it is reported rather than widened to the whole mount or dropped in silence.
  private void partialAuth(ScriptAlias alias, WsgiDirectives index, String mount) {
    for (Setting setting : index.settings) {
      Scope scope = setting.scope();
      String key = setting.directive().key();
      if (!(HOOKS.contains(key) || key.equals("wsgipassauthorization"))
          || scope.location() == null
          || scope.locationRegex()
          || (scope.vhost() != null && scope.vhost() != alias.scope().vhost())) {
        continue;
      }
      String location = WsgiDirectives.trimSlash(scope.location());
      boolean inside =
          !location.equals(mount)
              && (mount.equals("/") ? location.startsWith("/") : location.startsWith(mount + "/"));
      // A longer mount (an application's, or static files') holds it: not this application's.
      boolean deeperMount =
          Stream.concat(
                  index.scriptAliases.stream().map(ScriptAlias::mount),
                  index.staticAliases.stream().map(StaticAlias::mount))
              .map(WsgiDirectives::trimSlash)
              .anyMatch(
                  m ->
                      m.length() > mount.length()
                          && (location.equals(m) || location.startsWith(m + "/")));
      if (inside && !deeperMount && usedAuth.add(setting.directive())) {
        unmapped.add(
            notice(
                setting.directive(),
                "protects only "
                    + location
                    + " of the application mounted at "
                    + mount
                    + " ("
                    + alias.directive().origin()
                    + "): auth applies to a whole application; mount that part as an application"
                    + " of its own (its SCRIPT_NAME changes) or check in the application"));
      }
    }
  }

  // Hooks that no application written reached: static files, another handler, embedded mode.
  private void unusedAuth(WsgiDirectives index) {
    for (Setting setting : index.settings) {
      Directive d = setting.directive();
      if ((HOOKS.contains(d.key()) || d.key().equals("wsgipassauthorization"))
          && !usedAuth.contains(d)) {
        unmapped.add(
            notice(d, "applies to no application of a daemon process group: nothing written"));
      }
    }
  }

  private void staticFiles(StaticAlias alias, WsgiDirectives index, Map<String, Draft> drafts) {
    Directive d = alias.directive();
    String mount = WsgiDirectives.trimSlash(alias.mount());
    String directory = WsgiDirectives.trimSlash(alias.path());
    List<Draft> targets = new ArrayList<>();
    for (Draft draft : drafts.values()) {
      if (!draft.appsByMount.isEmpty()
          && (alias.scope().vhost() == null
              || draft.vhostSections.contains(alias.scope().vhost()))) {
        targets.add(draft);
      }
    }
    if (targets.isEmpty()) {
      return; // an Alias of a virtual host without WSGI applications is none of ours
    }
    String last = mount.substring(mount.lastIndexOf('/') + 1);
    if (last.contains(".") && !alias.path().endsWith("/")) {
      unmapped.add(
          notice(
              d,
              "an Alias of a single file: staticFiles serve folders; move it into one served under"
                  + " a prefix, or serve it from the application"));
      return;
    }
    if (!MOUNT.matcher(mount).matches() || mount.equals("/")) {
      unmapped.add(notice(d, "the URL " + alias.mount() + " is no mount staticFiles accept"));
      return;
    }
    Directive section = index.directories.get(directory);
    for (Draft draft : targets) {
      if (draft.appsByMount.containsKey(mount)) {
        unmapped.add(notice(d, "mount " + mount + " is an application's too: not served as files"));
        continue;
      }
      ArrayNode statics = draft.list("staticFiles");
      String base = "spec.staticFiles[" + statics.size() + "]";
      statics.addObject().put("mount", mount).put("directory", directory);
      draft.comments.put(base, provenance(d.text(), d));
      if (section != null) {
        draft.comments.put(base + ".directory", provenance(section.text(), section));
      }
    }
  }

  private void importScript(Directive d, Map<String, Draft> drafts) {
    Map<String, String> options = Options.parse(d.args(), 1);
    String processGroup = options.get("process-group");
    String applicationGroup = options.getOrDefault("application-group", ApplicationGroups.GLOBAL);
    if (d.args().isEmpty()) {
      unmapped.add(notice(d, "no script path"));
      return;
    }
    if (processGroup == null || processGroup.equals(ApplicationGroups.GLOBAL)) {
      unmapped.add(
          notice(d, "runs in Apache's own processes (no process-group= or %{GLOBAL}): embedded"));
      return;
    }
    Draft draft = drafts.get(processGroup);
    if (draft == null || draft.appsByMount.isEmpty()) {
      unmapped.add(
          notice(
              d,
              "its process group \""
                  + processGroup
                  + "\" is not a WSGIDaemonProcess of this configuration with applications"));
      return;
    }
    boolean used =
        draft.appsByMount.values().stream()
            .anyMatch(a -> applicationGroup.equals(a.path("applicationGroup").asText()));
    if (!applicationGroup.equals(ApplicationGroups.GLOBAL) && !used
        || applicationGroup.equals(ApplicationGroups.RESOURCE)) {
      unmapped.add(
          notice(
              d,
              "application group \""
                  + applicationGroup
                  + "\" is used by no application of group "
                  + processGroup
                  + ": no interpreter would run it"));
      return;
    }
    ArrayNode scripts = draft.list("importScripts");
    String base = "spec.importScripts[" + scripts.size() + "]";
    scripts.addObject().put("path", d.arg0()).put("applicationGroup", applicationGroup);
    draft.comments.put(base, provenance(d.text(), d));
  }

  // Fields in the order a reader expects: sizing, Python, env, lifecycle, then what is served.
  private static void reorder(ObjectNode spec) {
    ObjectNode copy = spec.deepCopy();
    spec.removeAll();
    for (String field :
        List.of(
            "workers",
            "threads",
            "pythonHome",
            "pythonPath",
            "home",
            "env",
            "lifecycle",
            "applications",
            "staticFiles",
            "importScripts")) {
      if (copy.has(field)) {
        spec.set(field, copy.get(field));
      }
    }
  }

  // A DNS-1123 label of at most 63 characters, unique among the groups written.
  private static String uniqueName(String daemon, Set<String> taken) {
    String name =
        daemon.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9-]+", "-").replaceAll("^-+|-+$", "");
    if (name.isEmpty()) {
      name = "wsgi";
    }
    name = trim(name, WsgiProcessGroup.MAX_NAME_LENGTH);
    String unique = name;
    for (int i = 2; !taken.add(unique); i++) {
      String suffix = "-" + i;
      unique = trim(name, WsgiProcessGroup.MAX_NAME_LENGTH - suffix.length()) + suffix;
    }
    return unique;
  }

  private static String trim(String name, int max) {
    return name.length() <= max ? name : name.substring(0, max).replaceAll("-+$", "");
  }

  private static Notice notice(Directive d, String reason) {
    return new Notice(d.origin(), d.text(), reason);
  }
}
