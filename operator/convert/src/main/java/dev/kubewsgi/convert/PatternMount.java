package dev.kubewsgi.convert;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kubewsgi.api.spec.ApplicationSpec;
import dev.kubewsgi.convert.WsgiDirectives.ScriptAlias;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * {@code WSGIScriptAliasMatch REGEX SCRIPT} as an application's {@code mountPattern} and {@code
 * script}: the regex as written (the runtime matches it at the start of the path, as Apache's
 * {@code ^}-anchored patterns do), the script with its {@code $N} kept. Which {@code
 * WSGIProcessGroup}, {@code WSGIApplicationGroup} and auth directives apply is decided as for a
 * {@code WSGIScriptAlias} at the regex's literal prefix ({@link #urlOf}), so a {@code <Location
 * /sites>} applies to {@code ^/sites/([^/]+)}.
 */
final class PatternMount {

  private static final Pattern ACCEPTED = Pattern.compile(ApplicationSpec.MOUNT_PATTERN_FORM);
  private static final Pattern FLAGS = Pattern.compile("^\\(\\?[a-zA-Z]+\\)");

  private PatternMount() {}

  static boolean is(ScriptAlias alias) {
    return alias.directive().key().equals("wsgiscriptaliasmatch");
  }

  /** The key an application of this alias is known by in its group: never a mount's. */
  static String key(ScriptAlias alias) {
    return "mountPattern " + alias.mount();
  }

  /**
   * The URL the regex's literal beginning names, for choosing the settings that apply: {@code
   * ^/sites/([^/]+)} gives {@code /sites}, {@code ^/(\w+)} gives {@code /}, {@code (?i)^/KdcProxy}
   * gives {@code /KdcProxy}.
   */
  static String urlOf(String regex) {
    String unflagged = FLAGS.matcher(regex).replaceFirst("");
    String body = unflagged.startsWith("^") ? unflagged.substring(1) : unflagged;
    StringBuilder url = new StringBuilder();
    int i = 0;
    while (i < body.length() && "\\.[]{}()*+?|^$".indexOf(body.charAt(i)) < 0) {
      url.append(body.charAt(i++));
    }
    String literal = url.toString();
    boolean whole = i == body.length() || body.substring(i).equals("$");
    // A segment the regex only begins is not part of the URL: ^/si(te|tes) gives "/".
    String segments = whole ? literal : literal.substring(0, literal.lastIndexOf('/') + 1);
    return segments.length() <= 1 ? "/" : WsgiDirectives.trimSlash(segments);
  }

  /** Why the regex cannot be a mountPattern, or null. */
  static String problem(String regex) {
    if (!ACCEPTED.matcher(regex).matches()) {
      return "the pattern "
          + regex
          + " does not begin with / or ^/ (after inline flags such as (?i)), as"
          + " spec.applications[].mountPattern must: write the pattern for the paths it serves";
    }
    try {
      Pattern.compile(regex);
      return null;
    } catch (PatternSyntaxException e) {
      return "the pattern " + regex + " is no Java regular expression: " + e.getDescription();
    }
  }

  /** The script of a written application as the "copy into the image" note names it. */
  static String scriptToCopy(JsonNode app) {
    String script = app.path("script").asText();
    return app.has("mountPattern")
        ? script + " (every file it names, each $N standing for one path segment)"
        : script;
  }

  /** Writes {@code mountPattern} into {@code app}, and the comments of it and of the script. */
  static void write(ObjectNode app, ScriptAlias alias, Map<String, String> comments) {
    String where = alias.directive().origin().toString();
    app.put("mountPattern", alias.mount());
    comments.put(
        ".mountPattern",
        "WSGIScriptAliasMatch's regex ("
            + where
            + "), matched at the start of the path; the match is SCRIPT_NAME");
    comments.put(
        ".script",
        "WSGIScriptAliasMatch's script ("
            + where
            + "): $N are the regex's groups; every file it can name must be in the image");
  }
}
