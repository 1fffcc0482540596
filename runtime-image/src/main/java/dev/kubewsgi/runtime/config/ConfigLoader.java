package dev.kubewsgi.runtime.config;

import dev.kubewsgi.api.ApplicationGroups;
import dev.kubewsgi.api.WsgiProcessGroup;
import dev.kubewsgi.api.WsgiProcessGroupSpec;
import dev.kubewsgi.api.io.ResourceReadException;
import dev.kubewsgi.api.io.ResourceReader;
import dev.kubewsgi.api.spec.AccessLogSpec;
import dev.kubewsgi.api.spec.ApplicationSpec;
import dev.kubewsgi.api.spec.AuthScriptSpec;
import dev.kubewsgi.api.spec.AuthSpec;
import dev.kubewsgi.api.spec.AuthUserScriptSpec;
import dev.kubewsgi.api.spec.ImportScriptSpec;
import dev.kubewsgi.api.spec.LifecycleSpec;
import dev.kubewsgi.api.spec.RequestLimitsSpec;
import dev.kubewsgi.api.spec.StaticFilesSpec;
import dev.kubewsgi.api.spec.TrustedProxiesSpec;
import dev.kubewsgi.api.spec.WarmupSpec;
import dev.kubewsgi.api.validation.InvalidResourceException;
import dev.kubewsgi.api.validation.SpecError;
import dev.kubewsgi.api.validation.SpecValidator;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.UnaryOperator;

/**
 * Reads a {@code WsgiProcessGroup} file through the API's reader and validator, then checks what
 * only the runtime can: that scripts exist and that warm-up requests reach an application.
 */
public final class ConfigLoader {

  /** Env var: folder relative script paths resolve against; default the resource file's folder. */
  public static final String SCRIPT_ROOT_ENV = "KUBEWSGI_SCRIPT_ROOT";

  private final Path scriptRoot;
  private final UnaryOperator<String> env;

  /** Resolves relative paths against {@code scriptRoot}, or against the file's folder when null. */
  public ConfigLoader(Path scriptRoot) {
    this(scriptRoot, System::getenv);
  }

  /** As {@link #ConfigLoader(Path)}, reading {@code %{ENV:NAME}} groups from {@code env}. */
  public ConfigLoader(Path scriptRoot, UnaryOperator<String> env) {
    this.scriptRoot = scriptRoot;
    this.env = env;
  }

  public ConfigLoader() {
    this(envScriptRoot());
  }

  public RuntimeConfig load(Path file) throws ConfigException {
    WsgiProcessGroup resource;
    try {
      resource = new ResourceReader().read(file);
    } catch (ResourceReadException e) {
      throw new ConfigException(e.getMessage(), e);
    }
    List<SpecError> errors = new SpecValidator().validate(resource);
    if (!errors.isEmpty()) {
      throw new ConfigException(format(file, errors));
    }
    Path root = scriptRoot != null ? scriptRoot : file.toAbsolutePath().getParent();
    WsgiProcessGroupSpec spec = resource.getSpec();
    List<SpecError> problems = new ArrayList<>();
    String name =
        resource.getMetadata() != null && resource.getMetadata().getName() != null
            ? resource.getMetadata().getName()
            : file.getFileName().toString();

    List<Application> apps = new ArrayList<>();
    for (int i = 0; i < spec.getApplications().size(); i++) {
      ApplicationSpec app = spec.getApplications().get(i);
      String callable = Objects.requireNonNullElse(app.getCallable(), "application");
      String script = null;
      String module = app.getModule();
      if (module != null) {
        // gunicorn's "package.module:callable": the callable after the colon wins.
        int colon = module.indexOf(':');
        if (colon >= 0) {
          callable = module.substring(colon + 1);
          module = module.substring(0, colon);
        }
      } else {
        script = resolve(root, app.getScript());
        if (app.getMountPattern() == null) {
          requireFile(script, "spec.applications[" + i + "].script", problems);
        }
      }
      String group =
          group(
              app.getApplicationGroup(),
              name,
              app.getMount() != null ? app.getMount() : app.getMountPattern(),
              "spec.applications[" + i + "].applicationGroup",
              problems);
      ApplicationAuth auth = auth(root, app.getAuth(), "spec.applications[" + i + "]", problems);
      if (app.getMountPattern() != null) {
        // Keys past every index: the adapter keeps each expanded script's callable under one.
        int firstKey = spec.getApplications().size() + apps.size();
        apps.addAll(
            PatternApplications.expand(
                i, app.getMountPattern(), script, callable, group, auth, firstKey, problems));
      } else {
        apps.add(new Application(i, app.getMount(), script, module, callable, group, auth));
      }
    }

    List<StaticDirectory> statics = new ArrayList<>();
    List<StaticFilesSpec> staticSpecs =
        spec.getStaticFiles() == null ? List.of() : spec.getStaticFiles();
    for (int i = 0; i < staticSpecs.size(); i++) {
      StaticFilesSpec s = staticSpecs.get(i);
      String field = "spec.staticFiles[" + i + "].directory";
      Path directory = Path.of(resolve(root, s.getDirectory()));
      if (!Files.isDirectory(directory)) {
        problems.add(new SpecError(field, "no such directory: " + directory));
        continue;
      }
      try {
        // Served paths must stay inside the real directory, so symbolic links are judged by it.
        statics.add(
            new StaticDirectory(i, s.getMount(), directory.toRealPath(), s.getCacheControl()));
      } catch (IOException e) {
        problems.add(new SpecError(field, "cannot read " + directory + ": " + e));
      }
    }

    List<ImportScript> scripts = new ArrayList<>();
    List<ImportScriptSpec> declared =
        spec.getImportScripts() == null ? List.of() : spec.getImportScripts();
    for (int i = 0; i < declared.size(); i++) {
      ImportScriptSpec s = declared.get(i);
      String field = "spec.importScripts[" + i + "]";
      if (s.getConfigMapRef() != null) {
        problems.add(
            new SpecError(
                field + ".configMapRef",
                "the runtime reads scripts from files or inline source; in a pod the operator mounts"
                    + " ConfigMap scripts and renders a path, in a local run use path or source"));
        continue;
      }
      String path;
      if (s.getPath() != null) {
        path = resolve(root, s.getPath());
        requireFile(path, field + ".path", problems);
      } else {
        // Inline source: its name is the file name in tracebacks, so errors say "name.py:3".
        path = s.getName() != null ? s.getName() : "<importScripts[" + i + "]>";
      }
      String scriptName =
          s.getName() != null ? s.getName() : s.getPath() != null ? s.getPath() : path;
      String group =
          group(s.getApplicationGroup(), name, null, field + ".applicationGroup", problems);
      scripts.add(new ImportScript(i, scriptName, group, path, s.getSource()));
    }

    List<String> pythonPath = new ArrayList<>();
    if (spec.getPythonPath() != null) {
      for (String entry : spec.getPythonPath()) {
        pythonPath.add(resolve(root, entry));
      }
    }
    String pythonHome = spec.getPythonHome() == null ? null : resolve(root, spec.getPythonHome());
    Path home = spec.getHome() == null ? null : Path.of(spec.getHome());
    if (home != null && !Files.isDirectory(home)) {
      problems.add(new SpecError("spec.home", "no such directory: " + home));
    }

    WarmupSpec warmup = spec.getWarmup() != null ? spec.getWarmup() : new WarmupSpec();
    WarmupTargets.check(warmup, apps, problems);
    if (!problems.isEmpty()) {
      throw new ConfigException(format(file, problems));
    }
    return new RuntimeConfig(
        name,
        file,
        spec.getWorkers(),
        spec.getThreads(),
        List.copyOf(pythonPath),
        pythonHome,
        home,
        List.copyOf(apps),
        List.copyOf(statics),
        List.copyOf(scripts),
        groups(apps, scripts),
        warmup,
        spec.getLifecycle() != null ? spec.getLifecycle() : new LifecycleSpec(),
        spec.getLimits() != null ? spec.getLimits() : new RequestLimitsSpec(),
        spec.getTrustedProxies() != null ? spec.getTrustedProxies() : new TrustedProxiesSpec(),
        spec.getAccessLog() != null ? spec.getAccessLog() : new AccessLogSpec());
  }

  private static ApplicationAuth auth(
      Path root, AuthSpec spec, String appField, List<SpecError> problems) {
    if (spec == null) {
      return null;
    }
    String field = appField + ".auth";
    AuthUserScriptSpec user = spec.getAuthUserScript();
    String provider =
        user == null || user.getProvider() == null ? AuthUserScriptSpec.BASIC : user.getProvider();
    return new ApplicationAuth(
        hook(root, "access", spec.getAccessScript(), field + ".accessScript", problems),
        hook(root, provider, user, field + ".authUserScript", problems),
        provider,
        user == null ? null : user.getRealm(),
        hook(root, "group", spec.getAuthGroupScript(), field + ".authGroupScript", problems),
        spec.getRequiredGroups() == null ? List.of() : List.copyOf(spec.getRequiredGroups()),
        spec.passesAuthorization());
  }

  private static AuthHook hook(
      Path root, String kind, AuthScriptSpec spec, String field, List<SpecError> problems) {
    if (spec == null) {
      return null;
    }
    if (spec.getPath() == null) {
      // Inline source: its name is the file name in tracebacks.
      return new AuthHook(
          kind, field, "<" + field.substring("spec.".length()) + ">", spec.getSource());
    }
    String path = resolve(root, spec.getPath());
    requireFile(path, field + ".path", problems);
    return new AuthHook(kind, field, path, null);
  }

  // Groups in order of first mention; %{GLOBAL} exists only when something uses it.
  private static List<ApplicationGroup> groups(List<Application> apps, List<ImportScript> scripts) {
    Map<String, List<Application>> appsByGroup = new LinkedHashMap<>();
    for (Application app : apps) {
      appsByGroup.computeIfAbsent(app.group(), g -> new ArrayList<>()).add(app);
    }
    List<ApplicationGroup> groups = new ArrayList<>();
    for (Map.Entry<String, List<Application>> entry : appsByGroup.entrySet()) {
      List<ImportScript> own =
          scripts.stream().filter(s -> s.group().equals(entry.getKey())).toList();
      groups.add(new ApplicationGroup(entry.getKey(), own, List.copyOf(entry.getValue())));
    }
    return List.copyOf(groups);
  }

  // mod_wsgi's %{...} forms expanded now, so every group is known (preloaded, warmed) before Ready.
  private String group(
      String declared, String resourceName, String mount, String field, List<SpecError> problems) {
    if (declared == null) {
      return ApplicationGroups.GLOBAL;
    }
    try {
      return ApplicationGroups.expand(declared, resourceName, mount, env);
    } catch (IllegalArgumentException e) {
      problems.add(new SpecError(field, e.getMessage()));
      return declared;
    }
  }

  private static String resolve(Path root, String path) {
    return root.resolve(path).normalize().toString();
  }

  private static void requireFile(String path, String field, List<SpecError> problems) {
    if (!Files.isRegularFile(Path.of(path))) {
      problems.add(new SpecError(field, "no such file: " + path));
    } else if (!Files.isReadable(Path.of(path))) {
      problems.add(new SpecError(field, "cannot read " + path));
    }
  }

  private static String format(Path file, List<SpecError> errors) {
    return new InvalidResourceException(file.toString(), errors).getMessage();
  }

  private static Path envScriptRoot() {
    String root = System.getenv(SCRIPT_ROOT_ENV);
    return root == null || root.isBlank() ? null : Path.of(root);
  }
}
