package dev.kubewsgi.convert.apache;

import java.util.List;
import java.util.Locale;

/**
 * Evaluates the sections Apache decides while reading the configuration: {@code <IfModule>}, {@code
 * <IfDefine>} and {@code <IfVersion>}, for an Apache {@value #APACHE_VERSION} with mod_wsgi loaded.
 */
final class Conditions {

  static final String APACHE_VERSION = "2.4.66";

  private final ModuleSet modules;
  private final Defines defines;

  Conditions(ModuleSet modules, Defines defines) {
    this.modules = modules;
    this.defines = defines;
  }

  static boolean isConditional(String section) {
    String s = section.toLowerCase(Locale.ROOT);
    return s.equals("ifmodule") || s.equals("ifdefine") || s.equals("ifversion");
  }

  boolean holds(String section, List<String> args, Origin origin) throws ConfigSyntaxException {
    if (args.isEmpty()) {
      throw new ConfigSyntaxException(origin, "<" + section + "> needs an argument");
    }
    String arg = args.get(0);
    boolean negate = arg.startsWith("!");
    String name = negate ? arg.substring(1) : arg;
    return switch (section.toLowerCase(Locale.ROOT)) {
      case "ifmodule" -> modules.isLoaded(name) != negate;
      case "ifdefine" -> defines.isDefined(name) != negate;
      default -> version(args, origin);
    };
  }

  // <IfVersion [[!]operator] version>: =, ==, >, >=, <, <=, or ~ / a /regex/.
  private static boolean version(List<String> args, Origin origin) throws ConfigSyntaxException {
    String op = args.size() > 1 ? args.get(0) : "=";
    String wanted = args.size() > 1 ? args.get(1) : args.get(0);
    boolean negate = op.startsWith("!");
    if (negate) {
      op = op.substring(1);
    }
    boolean result;
    if (op.equals("~") || (wanted.startsWith("/") && wanted.endsWith("/") && wanted.length() > 1)) {
      String regex = wanted.startsWith("/") ? wanted.substring(1, wanted.length() - 1) : wanted;
      result = java.util.regex.Pattern.compile(regex).matcher(APACHE_VERSION).find();
    } else {
      int c = compare(APACHE_VERSION, wanted);
      result =
          switch (op) {
            case "=", "==" -> c == 0 || APACHE_VERSION.startsWith(wanted + ".");
            case ">" -> c > 0;
            case ">=" -> c >= 0;
            case "<" -> c < 0;
            case "<=" -> c <= 0;
            default ->
                throw new ConfigSyntaxException(origin, "<IfVersion> operator unknown: " + op);
          };
    }
    return result != negate;
  }

  private static int compare(String a, String b) {
    String[] x = a.split("\\.");
    String[] y = b.split("\\.");
    for (int i = 0; i < Math.max(x.length, y.length); i++) {
      int p = i < x.length ? Integer.parseInt(x[i]) : 0;
      int q = i < y.length ? parse(y[i]) : 0;
      if (p != q) {
        return Integer.compare(p, q);
      }
    }
    return 0;
  }

  private static int parse(String part) {
    try {
      return Integer.parseInt(part);
    } catch (NumberFormatException e) {
      return 0;
    }
  }
}
