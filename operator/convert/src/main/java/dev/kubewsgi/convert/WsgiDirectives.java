package dev.kubewsgi.convert;

import dev.kubewsgi.convert.apache.Directive;
import dev.kubewsgi.convert.apache.Notice;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The directives of a configuration that matter to mod_wsgi, each with the scope it stands in:
 * daemon process groups, script aliases, the scoped {@code WSGIProcessGroup}, {@code
 * WSGIApplicationGroup} and {@code WSGICallableObject}, the access and authentication directives
 * ({@code WSGI*Script}, {@code AuthType}, {@code AuthName}, providers, {@code Require}), import
 * scripts, and {@code Alias}es of static files. What no resource field can express is noted, with
 * the reason.
 */
final class WsgiDirectives {

  record DaemonProcess(String name, Map<String, String> options, Directive directive) {}

  record ScriptAlias(
      String mount, String script, Map<String, String> options, Directive directive, Scope scope) {}

  record Setting(Directive directive, Scope scope) {}

  record StaticAlias(String mount, String path, Directive directive, Scope scope) {}

  final Map<String, DaemonProcess> daemons = new LinkedHashMap<>();
  final List<ScriptAlias> scriptAliases = new ArrayList<>();
  final List<Setting> settings = new ArrayList<>();
  final List<Directive> importScripts = new ArrayList<>();
  final List<StaticAlias> staticAliases = new ArrayList<>();
  // Scopes where SetHandler wsgi-script makes every file a WSGI script, and AddHandler's suffixes.
  final List<Scope> scriptHandlers = new ArrayList<>();
  final List<Setting> scriptSuffixes = new ArrayList<>();
  final Map<String, Directive> directories = new LinkedHashMap<>();
  final List<Notice> notices = new ArrayList<>();
  // Require lines side by side (or in <RequireAny>): any one of them lets a request in.
  final List<Setting> requires = new ArrayList<>();
  Directive pythonHome;

  // Sections whose Requires combine otherwise than "any one of them", or per method.
  private static final Set<String> RESTRICTING =
      Set.of("requireall", "requirenone", "limit", "limitexcept");

  private Directive requireSection;

  static WsgiDirectives of(List<Directive> directives) {
    WsgiDirectives index = new WsgiDirectives();
    index.walk(directives, Scope.SERVER);
    index.aliasesOfScripts();
    return index;
  }

  // An Alias to a file that a wsgi-script handler serves is a WSGIScriptAlias in all but name.
  private void aliasesOfScripts() {
    for (StaticAlias alias : List.copyOf(staticAliases)) {
      String mount = trimSlash(alias.mount());
      boolean handled =
          scriptHandlers.stream()
                  .anyMatch(s -> s.appliesTo(alias.scope().vhost(), mount, alias.path()))
              || scriptSuffixes.stream()
                  .anyMatch(
                      s ->
                          s.scope().appliesTo(alias.scope().vhost(), mount, alias.path())
                              && s.directive().args().stream()
                                  .skip(1)
                                  .anyMatch(suffix -> alias.path().endsWith(suffix)));
      if (handled) {
        staticAliases.remove(alias);
        scriptAliases.add(
            new ScriptAlias(
                alias.mount(), alias.path(), Map.of(), alias.directive(), alias.scope()));
      }
    }
  }

  private void walk(List<Directive> directives, Scope scope) {
    for (Directive d : directives) {
      if (d.section()) {
        if (d.is("If") || d.is("ElseIf") || d.is("Else")) {
          note(d, "a condition evaluated per request: its directives were read as if it held");
        }
        if (d.is("Directory")) {
          directories.put(trimSlash(d.arg0()), d);
        }
        Directive outer = requireSection;
        if (RESTRICTING.contains(d.key()) && requireSection == null) {
          requireSection = d;
        }
        walk(d.children(), scope.enter(d));
        requireSection = outer;
      } else {
        directive(d, scope);
      }
    }
  }

  private void directive(Directive d, Scope scope) {
    switch (d.key()) {
      case "wsgidaemonprocess" -> {
        if (d.args().isEmpty()) {
          note(d, "no name: mod_wsgi refuses this line");
        } else if (daemons.containsKey(d.arg0())) {
          note(d, "a second daemon process group of this name: the first one is converted");
        } else {
          daemons.put(d.arg0(), new DaemonProcess(d.arg0(), Options.parse(d.args(), 1), d));
        }
      }
      case "wsgiscriptalias", "wsgiscriptaliasmatch" -> {
        if (d.args().size() < 2) {
          note(d, "needs a URL (or regex) and a script path");
        } else {
          scriptAliases.add(
              new ScriptAlias(
                  d.args().get(0), d.args().get(1), Options.parse(d.args(), 2), d, scope));
        }
      }
      case "wsgiprocessgroup", "wsgiapplicationgroup", "wsgicallableobject" ->
          settings.add(new Setting(d, scope));
      case "wsgiimportscript" -> importScripts.add(d);
      case "wsgipythonhome" -> pythonHome = d;
      case "sethandler" -> {
        if (d.arg0().equalsIgnoreCase("wsgi-script")) {
          scriptHandlers.add(scope);
        }
      }
      case "addhandler" -> {
        if (d.arg0().equalsIgnoreCase("wsgi-script")) {
          scriptSuffixes.add(new Setting(d, scope));
        }
      }
      case "alias" -> {
        if (d.args().size() == 2) {
          staticAliases.add(new StaticAlias(d.args().get(0), d.args().get(1), d, scope));
        }
      }
      case "wsgipassauthorization",
          "wsgiaccessscript",
          "wsgiauthuserscript",
          "wsgiauthgroupscript",
          "authtype",
          "authname",
          "authbasicprovider",
          "authdigestprovider",
          "authdigestdomain",
          "authdigestnoncelifetime",
          "authdigestalgorithm",
          "authdigestqop" ->
          settings.add(new Setting(d, scope));
      case "require" -> {
        if (requireSection != null) {
          // Not the implicit "any one of them" of Requires side by side: not mapped.
          note(
              d,
              "inside "
                  + requireSection.text()
                  + ": only Requires side by side (or in <RequireAny>) map to auth");
        } else {
          requires.add(new Setting(d, scope));
        }
      }
      case "wsgipythonpath" ->
          note(d, "applies to embedded mode only; daemon groups take python-path=");
      case "wsgirestrictembedded",
          "wsgisocketprefix",
          "wsgisocketrotation",
          "wsgiacceptmutex",
          "wsgilazyinitialization",
          "wsgiverbosedebugging",
          "wsgipythonoptimize",
          "wsgipythonwarnings",
          "wsgipythoneggs",
          "wsgipythonhashseed",
          "wsgidestroyinterpreter",
          "wsgiscriptreloading",
          "wsgirestrictprocess",
          "wsgirestrictstdin",
          "wsgirestrictstdout",
          "wsgirestrictsignal",
          "wsgicasesensitivity",
          "wsgiapplicationstack",
          "wsgienablesendfile",
          "wsgichunkedrequest",
          "wsgimapheadtoget",
          "wsgierroroverride",
          "wsgiignoreactivity",
          "wsgiscriptcache" ->
          note(d, "about Apache's processes or its Python, which do not exist on Kubernetes");
      case "wsgitrustedproxies", "wsgitrustedproxyheaders" ->
          note(d, "set spec.trustedProxies by hand: its header sets differ from mod_wsgi's");
      default -> {
        if (d.key().startsWith("wsgi")) {
          note(d, "not a directive this converter knows");
        }
      }
    }
  }

  private void note(Directive d, String reason) {
    notices.add(new Notice(d.origin(), d.text(), reason));
  }

  static String trimSlash(String path) {
    return path.length() > 1 && path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
  }
}
