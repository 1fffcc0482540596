package dev.kubewsgi.api;

import java.util.function.UnaryOperator;

/**
 * Names of application groups (mod_wsgi's {@code WSGIApplicationGroup}): a plain name, or one of
 * mod_wsgi's forms, expanded from the configuration when the runtime loads it, so that every group
 * is known, preloaded and warmed before Ready.
 */
public final class ApplicationGroups {

  /** The group every script and application belongs to unless it names another. */
  public static final String GLOBAL = "%{GLOBAL}";

  /** A group per mount: {@code <resource name>|<mount>}, as mod_wsgi names one per script. */
  public static final String RESOURCE = "%{RESOURCE}";

  /** One group for the whole resource, named after it. */
  public static final String SERVER = "%{SERVER}";

  /**
   * A plain name (not starting with %) or one of the forms; the same text is a Java and a CEL (RE2)
   * expression.
   */
  public static final String PATTERN =
      "^([^%].*|%[{](GLOBAL|RESOURCE|SERVER|ENV:[A-Za-z_][A-Za-z0-9_]*)[}])$";

  private static final String ENV_PREFIX = "%{ENV:";

  private ApplicationGroups() {}

  /**
   * The group {@code group} names for an application at {@code mount} of the resource {@code
   * resourceName}; {@code %{GLOBAL}} and plain names stay as they are.
   *
   * @param env the environment's variables, null for one that is not set
   * @throws IllegalArgumentException when {@code %{ENV:NAME}} names a variable that is not set
   */
  public static String expand(
      String group, String resourceName, String mount, UnaryOperator<String> env) {
    if (group.equals(RESOURCE)) {
      return resourceName + "|" + mount;
    }
    if (group.equals(SERVER)) {
      return resourceName;
    }
    if (group.startsWith(ENV_PREFIX) && group.endsWith("}")) {
      String name = group.substring(ENV_PREFIX.length(), group.length() - 1);
      String value = env.apply(name);
      if (value == null || value.isEmpty()) {
        throw new IllegalArgumentException(
            group + ": the environment variable " + name + " is not set (spec.env sets it)");
      }
      return value;
    }
    return group;
  }
}
