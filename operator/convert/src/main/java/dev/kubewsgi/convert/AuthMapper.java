package dev.kubewsgi.convert;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kubewsgi.convert.WsgiDirectives.DaemonProcess;
import dev.kubewsgi.convert.WsgiDirectives.ScriptAlias;
import dev.kubewsgi.convert.WsgiDirectives.Setting;
import dev.kubewsgi.convert.apache.Directive;
import dev.kubewsgi.convert.apache.Notice;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Maps the access and authentication directives that apply to one script alias to its {@code auth}:
 * {@code WSGIAccessScript}, {@code AuthType} Basic or Digest with {@code AuthName}, the {@code
 * wsgi} provider and {@code WSGIAuthUserScript}, {@code WSGIAuthGroupScript} with {@code Require
 * group} (or {@code wsgi-group}), and {@code WSGIPassAuthorization}. Each directive is chosen as
 * Apache merges per-directory configuration (the most specific scope wins); what has no field is
 * reported.
 */
final class AuthMapper {

  // AuthSpec's realm: what fits in the challenge's quoted string.
  private static final Pattern REALM = Pattern.compile("^[^\"\\\\\\x00-\\x1f\\x7f]{1,256}$");

  // AuthSpec's bound on requiredGroups.
  private static final int MAX_GROUPS = 64;

  private final ScriptAlias alias;
  private final WsgiDirectives index;
  private final String mount;
  private final String script;
  private final String appGroup;
  private final DaemonProcess daemon;
  private final List<Notice> unmapped;
  // Hook directives that reached an application (the rest are reported once, at the end).
  private final Set<Directive> used;
  private final ObjectNode auth = JsonNodeFactory.instance.objectNode();
  private final Map<String, String> comments;

  AuthMapper(
      ScriptAlias alias,
      WsgiDirectives index,
      String mount,
      String appGroup,
      DaemonProcess daemon,
      List<Notice> unmapped,
      Set<Directive> used,
      Map<String, String> comments) {
    this.alias = alias;
    this.index = index;
    this.mount = mount;
    this.script = alias.script();
    this.appGroup = appGroup;
    this.daemon = daemon;
    this.unmapped = unmapped;
    this.used = used;
    this.comments = comments;
  }

  /** The application's auth; comments keyed ".auth..." relative to the application. */
  ObjectNode map() {
    Optional<Chosen> access = choose("wsgiaccessscript");
    ObjectNode accessScript = access.map(c -> hook(c, ".auth.accessScript")).orElse(null);
    if (accessScript != null) {
      auth.set("accessScript", accessScript);
    }
    authentication();
    passAuthorization();
    return auth;
  }

  private void authentication() {
    List<Setting> requires = requires();
    boolean granted = false;
    boolean validUser = false;
    List<String> groups = new ArrayList<>();
    List<Directive> groupLines = new ArrayList<>();
    Directive userLine = null;
    for (Setting setting : requires) {
      Directive d = setting.directive();
      List<String> args = d.args();
      String kind = args.isEmpty() ? "" : args.get(0).toLowerCase(Locale.ROOT);
      switch (kind) {
        case "valid-user" -> validUser = true;
        case "group", "wsgi-group" -> {
          groups.addAll(args.subList(1, args.size()));
          groupLines.add(d);
        }
        case "user" -> userLine = d;
        case "all" -> {
          if (args.size() > 1 && args.get(1).equalsIgnoreCase("granted")) {
            granted = true;
          } else {
            unmapped.add(notice(d, "denies every request: no application field says so"));
          }
        }
        default ->
            unmapped.add(
                notice(
                    d,
                    "only Require valid-user, group, wsgi-group and all granted map to auth:"
                        + " this one is not checked"));
      }
    }
    Optional<Chosen> userScript = choose("wsgiauthuserscript");
    Optional<Chosen> groupScript = choose("wsgiauthgroupscript");
    // They reached this application: whatever keeps them out of it is reported below.
    userScript.ifPresent(c -> used.add(c.directive()));
    groupScript.ifPresent(c -> used.add(c.directive()));
    // Any one Require side by side lets a request in: "all granted" needs no user at all.
    boolean needsUser = !granted && (validUser || !groups.isEmpty() || userLine != null);
    if (!needsUser) {
      userScript.ifPresent(
          c -> unused(c, "no Require that asks for a user applies, so Apache never calls it"));
      groupScript.ifPresent(
          c -> unused(c, "no Require group or wsgi-group applies, so Apache never calls it"));
      return;
    }
    Directive requireLine = requires.get(requires.size() - 1).directive();
    Optional<Chosen> type = choose("authtype");
    if (type.isEmpty()) {
      unmapped.add(notice(requireLine, "no AuthType applies: Apache answers 500"));
      return;
    }
    String scheme = type.get().value().toLowerCase(Locale.ROOT);
    if (!scheme.equals("basic") && !scheme.equals("digest")) {
      unmapped.add(
          notice(
              type.get().directive(),
              "only Basic and Digest with the wsgi provider map to auth.authUserScript"));
      return;
    }
    String providerDirective = scheme.equals("basic") ? "authbasicprovider" : "authdigestprovider";
    Optional<Chosen> provider = choose(providerDirective);
    List<String> providers = provider.map(c -> c.directive().args()).orElse(List.of("file"));
    if (providers.stream().noneMatch(p -> p.equalsIgnoreCase("wsgi"))) {
      unmapped.add(
          notice(
              provider.map(Chosen::directive).orElse(type.get().directive()),
              "Apache's own authentication (provider "
                  + String.join(" ", providers)
                  + "), not a WSGI hook: the application is not protected; give it an"
                  + " authUserScript that checks the same users"));
      return;
    }
    if (providers.size() > 1) {
      unmapped.add(
          notice(
              provider.get().directive(),
              "only the wsgi provider maps: users of the others are not let in"));
    }
    if (userScript.isEmpty()) {
      unmapped.add(
          notice(
              provider.get().directive(), "no WSGIAuthUserScript applies: mod_wsgi answers 500"));
      return;
    }
    Optional<Chosen> name = choose("authname");
    if (name.isEmpty() || !REALM.matcher(name.get().value()).matches()) {
      unmapped.add(
          notice(
              name.map(Chosen::directive).orElse(type.get().directive()),
              name.isEmpty()
                  ? "no AuthName applies: Apache answers 500"
                  : "the realm must be 1 to 256 characters without quotes, backslashes or"
                      + " control characters"));
      return;
    }
    ObjectNode user = hook(userScript.get(), ".auth.authUserScript");
    if (user == null) {
      return;
    }
    user.put("provider", scheme);
    user.put("realm", name.get().value());
    auth.set("authUserScript", user);
    comments.put(
        ".auth.authUserScript.provider", type.get().comment() + "\n" + provider.get().comment());
    comments.put(".auth.authUserScript.realm", name.get().comment());
    if (scheme.equals("digest")) {
      digestSettings();
    }
    if (userLine != null && !validUser) {
      unmapped.add(
          notice(
              userLine,
              "no field lists users: written as any user the script accepts (in requiredGroups,"
                  + " if any); refuse the others in check_password"));
    }
    if (groups.isEmpty()) {
      groupScript.ifPresent(
          c -> unused(c, "no Require group or wsgi-group applies, so Apache never calls it"));
      return;
    }
    if (validUser) {
      for (Directive line : groupLines) {
        unmapped.add(
            notice(
                line,
                "beside Require valid-user, which already lets any user in (Requires side by"
                    + " side need only one): no group check written"));
      }
      groupScript.ifPresent(c -> unused(c, "Require valid-user lets any user in before it"));
      return;
    }
    if (groupScript.isEmpty()) {
      for (Directive line : groupLines) {
        unmapped.add(
            notice(
                line,
                "no WSGIAuthGroupScript applies: Apache's own groups (AuthGroupFile), not a WSGI"
                    + " hook; any authenticated user is let in"));
      }
      return;
    }
    ObjectNode groupHook = hook(groupScript.get(), ".auth.authGroupScript");
    if (groupHook == null) {
      return;
    }
    List<String> distinct = groups.stream().distinct().toList();
    if (distinct.size() > MAX_GROUPS) {
      // Fewer groups let fewer users in: stricter than Apache, never looser.
      unmapped.add(
          notice(
              groupLines.get(0),
              "requiredGroups holds at most " + MAX_GROUPS + ": the first ones are written"));
      distinct = distinct.subList(0, MAX_GROUPS);
    }
    auth.set("authGroupScript", groupHook);
    ArrayNode required = auth.putArray("requiredGroups");
    distinct.forEach(required::add);
    StringBuilder from = new StringBuilder();
    for (Directive line : groupLines) {
      from.append(from.isEmpty() ? "" : "\n")
          .append(line.text())
          .append(" (")
          .append(line.origin())
          .append(')');
    }
    comments.put(".auth.requiredGroups", from.toString());
  }

  // Digest settings that change what the client sees or what is accepted.
  private void digestSettings() {
    choose("authdigestdomain")
        .ifPresent(
            c ->
                unmapped.add(
                    notice(
                        c.directive(),
                        "the challenge carries no domain=: clients ask for credentials again for"
                            + " each protection space")));
    choose("authdigestnoncelifetime")
        .filter(c -> !c.value().equals("300"))
        .ifPresent(
            c -> unmapped.add(notice(c.directive(), "nonces last 300 s (the default) here")));
    choose("authdigestalgorithm")
        .filter(c -> !c.value().equalsIgnoreCase("MD5"))
        .ifPresent(c -> unmapped.add(notice(c.directive(), "only MD5 is offered here")));
    choose("authdigestqop")
        .filter(c -> !c.directive().args().equals(List.of("auth")))
        .ifPresent(
            c ->
                unmapped.add(
                    notice(
                        c.directive(),
                        "the challenge offers qop=\"auth\" (and accepts none): auth-int is not"
                            + " checked")));
  }

  // Alias option, then the most specific scoped WSGIPassAuthorization, then the daemon's option.
  private void passAuthorization() {
    Optional<Chosen> chosen =
        Chosen.choose(alias, "pass-authorization", "wsgipassauthorization", index, mount, script);
    String value = null;
    String comment = null;
    if (chosen.isPresent()) {
      used.add(chosen.get().directive());
      value = chosen.get().value();
      comment = chosen.get().comment();
    } else if (daemon.options().containsKey("pass-authorization")) {
      value = daemon.options().get("pass-authorization");
      comment =
          "WSGIDaemonProcess pass-authorization="
              + value
              + " ("
              + daemon.directive().origin()
              + ")";
    }
    if (value != null && !value.equalsIgnoreCase("on") && !value.equalsIgnoreCase("off")) {
      unmapped.add(
          notice(
              chosen.map(Chosen::directive).orElse(daemon.directive()),
              "takes On or Off: written as mod_wsgi's default, Off"));
      value = null;
    }
    if (value == null) {
      // mod_wsgi's default, which kubewsgi's (true) is not: say it, so the application sees what
      // it saw behind Apache.
      auth.put("passAuthorization", false);
      comments.put(
          ".auth.passAuthorization",
          "mod_wsgi's default: WSGIPassAuthorization Off (none applies)");
      return;
    }
    auth.put("passAuthorization", value.equalsIgnoreCase("on"));
    comments.put(".auth.passAuthorization", comment);
  }

  // A hook script: path, and its application group when the runtime can honour it; null (reported)
  // without a path.
  private ObjectNode hook(Chosen chosen, String field) {
    Directive d = chosen.directive();
    used.add(d);
    if (d.arg0().isEmpty()) {
      unmapped.add(notice(d, "no script path: Apache refuses this line"));
      return null;
    }
    ObjectNode hook = JsonNodeFactory.instance.objectNode();
    hook.put("path", d.arg0());
    comments.put(field, chosen.comment());
    String group = Options.parse(d.args(), 1).get("application-group");
    if (group == null) {
      return hook; // unset: the application's group (mod_wsgi's %{GLOBAL} of Apache's processes)
    }
    if (group.equals(appGroup)) {
      hook.put("applicationGroup", group);
      comments.put(field + ".applicationGroup", chosen.comment());
    } else {
      unmapped.add(
          notice(
              d,
              "application-group="
                  + group
                  + " is not the application's ("
                  + appGroup
                  + "): kubewsgi runs a hook in the interpreter that serves the application,"
                  + " before it, and refuses another group; written without it, so it runs in "
                  + appGroup));
    }
    return hook;
  }

  private void unused(Chosen chosen, String reason) {
    used.add(chosen.directive());
    unmapped.add(notice(chosen.directive(), reason + ": not written"));
  }

  // The Requires of the most specific scope that has any: a section's Requires replace those of
  // the sections merged before it (AuthMerging Off, Apache's default).
  private List<Setting> requires() {
    long best = -1;
    List<Setting> chosen = new ArrayList<>();
    for (Setting setting : index.requires) {
      if (!setting.scope().appliesTo(alias.scope().vhost(), mount, script)) {
        continue;
      }
      long rank = setting.scope().rank();
      if (rank > best) {
        best = rank;
        chosen.clear();
      }
      if (rank == best) {
        chosen.add(setting);
      }
    }
    return chosen;
  }

  private Optional<Chosen> choose(String directive) {
    return Chosen.choose(alias, null, directive, index, mount, script);
  }

  private static Notice notice(Directive d, String reason) {
    return new Notice(d.origin(), d.text(), reason);
  }
}
