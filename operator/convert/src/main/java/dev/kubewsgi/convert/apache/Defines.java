package dev.kubewsgi.convert.apache;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Apache's {@code Define}d parameters and {@code -D} names, and {@code ${VAR}} substitution: a
 * Define wins, then the environment; an undefined variable is left as written, with a warning, as
 * Apache does.
 */
public final class Defines {

  private static final Pattern VARIABLE = Pattern.compile("\\$\\{([A-Za-z0-9_:.-]+)}");

  private final Map<String, String> defined = new HashMap<>();
  private final Map<String, String> environment;

  public Defines(Map<String, String> initial, Map<String, String> environment) {
    defined.putAll(initial);
    this.environment = environment;
  }

  public void define(String name, String value) {
    defined.put(name, value);
  }

  public void undefine(String name) {
    defined.remove(name);
  }

  /** Whether {@code <IfDefine name>} holds: a Define or a -D name. */
  public boolean isDefined(String name) {
    return defined.containsKey(name);
  }

  /**
   * The line with every known {@code ${VAR}} replaced; unknown ones reported to {@code notices}.
   */
  public String substitute(String text, Origin origin, List<Notice> notices) {
    if (text.indexOf("${") < 0) {
      return text;
    }
    Matcher m = VARIABLE.matcher(text);
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      String name = m.group(1);
      String value = defined.get(name);
      if (value == null) {
        value = environment.get(name);
      }
      if (value == null) {
        notices.add(
            new Notice(
                origin, "${" + name + "}", "not defined (Define or environment): kept as is"));
        value = m.group();
      }
      m.appendReplacement(out, Matcher.quoteReplacement(value));
    }
    m.appendTail(out);
    return out.toString();
  }
}
