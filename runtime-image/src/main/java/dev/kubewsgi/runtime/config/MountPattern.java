package dev.kubewsgi.runtime.config;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * A {@code mountPattern} application's regex and script template, mod_wsgi's {@code
 * WSGIScriptAliasMatch REGEX SCRIPT}: the regex is matched at the start of the decoded path, its
 * groups are substituted for {@code $1}..{@code $9} in the script, the matched text becomes {@code
 * SCRIPT_NAME} and the rest {@code PATH_INFO}.
 *
 * <p>At start-up {@link #expand()} lists the files the template can name: each {@code $N} stands
 * for any text inside one path segment (a glob {@code *}), so {@code /srv/$1/app.wsgi} names {@code
 * /srv/a/app.wsgi} but not {@code /srv/a/b/app.wsgi}. A request whose substituted script is none of
 * those files gets 404, so a group holding {@code ..} or {@code /} never names a file.
 *
 * @param source the regex as declared
 * @param template the script path, resolved and normalised, with its {@code $N}
 * @param field {@code spec.applications[i].mountPattern}
 */
public record MountPattern(String source, Pattern regex, String template, String field) {

  private static final Pattern DOLLAR = Pattern.compile("\\$([1-9])");

  public static MountPattern compile(String source, String template, String field) {
    return new MountPattern(source, Pattern.compile(source), template, field);
  }

  /** The match at the start of {@code path}, or null. */
  public Matcher matchAtStart(String path) {
    Matcher m = regex.matcher(path);
    return m.lookingAt() ? m : null;
  }

  /** The script {@code m}'s groups name: each {@code $N} replaced, an unmatched group by "". */
  public String scriptFor(Matcher m) {
    return DOLLAR
        .matcher(template)
        .replaceAll(
            d -> {
              int n = Integer.parseInt(d.group(1));
              String g = n <= m.groupCount() ? m.group(n) : null;
              return Matcher.quoteReplacement(g == null ? "" : g);
            });
  }

  /** Every existing regular file the template can name, sorted; each {@code $N} in one segment. */
  public List<String> expand() throws IOException {
    Pattern whole = templateRegex();
    List<Path> found = new ArrayList<>(List.of(Path.of("/")));
    String[] segments = template.substring(1).split("/");
    for (int i = 0; i < segments.length; i++) {
      boolean last = i == segments.length - 1;
      List<Path> next = new ArrayList<>();
      for (Path dir : found) {
        if (!DOLLAR.matcher(segments[i]).find()) {
          next.add(dir.resolve(segments[i]));
          continue;
        }
        if (!Files.isDirectory(dir)) {
          continue;
        }
        Pattern one = segmentRegex(segments[i]);
        try (Stream<Path> entries = Files.list(dir)) {
          entries.filter(p -> one.matcher(p.getFileName().toString()).matches()).forEach(next::add);
        }
      }
      found = next;
      if (last) {
        found.removeIf(p -> !Files.isRegularFile(p));
      }
    }
    // A $N used twice must name the same text both times.
    return found.stream()
        .map(Path::toString)
        .filter(p -> whole.matcher(p).matches())
        .sorted()
        .toList();
  }

  /**
   * A request path that routes to {@code script}, for the default warm-up, or null when the regex
   * is not of the simple form this builds from: literal text (a backslash escapes one character)
   * and capturing groups without groups inside, each standing for a {@code $N} the script uses,
   * optionally anchored with {@code ^} and {@code $} and led by inline flags such as {@code (?i)};
   * e.g. {@code ^/sites/([^/]+)}. The group's text is what the file's name holds at {@code $N}; the
   * path is tried with a trailing "/" first and kept only when it really routes to {@code script}.
   */
  public String warmupPath(String script) {
    Matcher captured = templateRegex().matcher(script);
    if (!captured.matches()) {
      return null;
    }
    // Inline flags such as (?i) first, then ^: the literal text after them is the path.
    String unflagged = source.replaceFirst("^\\(\\?[a-zA-Z]+\\)", "");
    String body = unflagged.startsWith("^") ? unflagged.substring(1) : unflagged;
    StringBuilder path = new StringBuilder();
    int group = 0;
    for (int i = 0; i < body.length(); i++) {
      char c = body.charAt(i);
      if (c == '\\' && i + 1 < body.length() && !Character.isLetterOrDigit(body.charAt(i + 1))) {
        path.append(body.charAt(++i));
      } else if (c == '(') {
        int close = body.indexOf(')', i);
        if (close < 0 || body.substring(i + 1, close).contains("(") || body.startsWith("(?", i)) {
          return null;
        }
        group++;
        String value =
            group <= 9 && template.contains("$" + group) ? captured.group("g" + group) : null;
        if (value == null) {
          return null;
        }
        path.append(value);
        i = close;
      } else if (c == '$' && i == body.length() - 1) {
        break;
      } else if (".[]{}*+?|^$".indexOf(c) >= 0) {
        return null;
      } else {
        path.append(c);
      }
    }
    for (String candidate : List.of(path + "/", path.toString())) {
      Matcher m = matchAtStart(candidate);
      if (m != null && scriptFor(m).equals(script)) {
        return candidate;
      }
    }
    return null;
  }

  // The whole template as a regex over file paths: $N is any text in one segment, named gN.
  private Pattern templateRegex() {
    return Pattern.compile(segmentPattern(template, new boolean[10]));
  }

  private static Pattern segmentRegex(String segment) {
    return Pattern.compile(segmentPattern(segment, new boolean[10]));
  }

  private static String segmentPattern(String text, boolean[] seen) {
    StringBuilder out = new StringBuilder();
    Matcher d = DOLLAR.matcher(text);
    int at = 0;
    while (d.find()) {
      out.append(Pattern.quote(text.substring(at, d.start())));
      int n = Integer.parseInt(d.group(1));
      out.append(seen[n] ? "\\k<g" + n + ">" : "(?<g" + n + ">[^/]*)");
      seen[n] = true;
      at = d.end();
    }
    out.append(Pattern.quote(text.substring(at)));
    return out.toString();
  }
}
