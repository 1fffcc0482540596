package dev.kubewsgi.runtime.config;

/**
 * One access or authentication hook script of an application, its path resolved.
 *
 * @param kind {@code access}, {@code basic}, {@code digest} or {@code group}: which function the
 *     script defines
 * @param field the hook's field path, e.g. {@code spec.applications[0].auth.accessScript}
 * @param path the file; for inline source a name such as {@code
 *     <applications[0].auth.accessScript>}
 * @param source the inline source, or null when the script is the file at {@code path}
 */
public record AuthHook(String kind, String field, String path, String source) {

  /** The function the script must define, as mod_wsgi names it. */
  public String function() {
    return switch (kind) {
      case "access" -> "allow_access";
      case "basic" -> "check_password";
      case "digest" -> "get_realm_hash";
      case "group" -> "groups_for_user";
      default -> throw new IllegalStateException("unknown hook kind " + kind);
    };
  }
}
