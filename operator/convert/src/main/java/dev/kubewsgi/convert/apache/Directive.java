package dev.kubewsgi.convert.apache;

import java.util.List;
import java.util.Locale;

/**
 * A directive or a section ({@code <VirtualHost>}, {@code <Location>}, ...) as Apache keeps it
 * after reading: Includes expanded, variables substituted, {@code <IfModule>}, {@code <IfDefine>}
 * and {@code <IfVersion>} evaluated and their contents spliced in. Sections have children;
 * directives have none.
 */
public record Directive(
    String name, List<String> args, Origin origin, boolean section, List<Directive> children) {

  public Directive {
    args = List.copyOf(args);
    children = List.copyOf(children);
  }

  /** Directive names are case-insensitive in Apache. */
  public boolean is(String other) {
    return name.equalsIgnoreCase(other);
  }

  public String key() {
    return name.toLowerCase(Locale.ROOT);
  }

  /** The first argument, or "" when there is none. */
  public String arg0() {
    return args.isEmpty() ? "" : args.get(0);
  }

  /** The directive as written, for comments and reports: name and words. */
  public String text() {
    StringBuilder text = new StringBuilder(name);
    for (String arg : args) {
      text.append(' ').append(arg.isEmpty() || arg.matches(".*\\s.*") ? '"' + arg + '"' : arg);
    }
    return section ? "<" + text + ">" : text.toString();
  }
}
