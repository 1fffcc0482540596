package dev.kubewsgi.convert;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * mod_wsgi's {@code name=value} options after a directive's positional arguments, as its {@code
 * wsgi_parse_option} reads them: names case-insensitive, a value in double or single quotes
 * unquoted.
 */
final class Options {

  private Options() {}

  /** Options from {@code args}, starting at index {@code from}; words without "=" map to "". */
  static Map<String, String> parse(List<String> args, int from) {
    Map<String, String> options = new LinkedHashMap<>();
    for (int i = from; i < args.size(); i++) {
      String word = args.get(i);
      int eq = word.indexOf('=');
      String name = (eq < 0 ? word : word.substring(0, eq)).toLowerCase(Locale.ROOT);
      String value = eq < 0 ? "" : unquote(word.substring(eq + 1));
      options.put(name, value);
    }
    return options;
  }

  private static String unquote(String value) {
    if (value.length() >= 2
        && (value.charAt(0) == '"' || value.charAt(0) == '\'')
        && value.charAt(value.length() - 1) == value.charAt(0)) {
      return value.substring(1, value.length() - 1);
    }
    return value;
  }
}
