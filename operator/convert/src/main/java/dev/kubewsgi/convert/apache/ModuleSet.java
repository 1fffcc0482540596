package dev.kubewsgi.convert.apache;

import java.util.HashSet;
import java.util.Locale;
import java.util.Set;

/**
 * The modules {@code <IfModule>} tests against: mod_wsgi, those of Apache 2.4's default build and
 * of Debian's and Red Hat's default module sets, and every {@code LoadModule} read so far. A module
 * is named by its source file ({@code mod_wsgi.c}) or its identifier ({@code wsgi_module}), as
 * Apache accepts both.
 */
public final class ModuleSet {

  private static final Set<String> DEFAULT =
      Set.of(
          "core",
          "http_core",
          "so",
          "wsgi",
          "mpm_event",
          "mpm_prefork",
          "mpm_worker",
          "unixd",
          "log_config",
          "logio",
          "version",
          "access_compat",
          "alias",
          "auth_basic",
          "authn_core",
          "authn_file",
          "authz_core",
          "authz_host",
          "authz_user",
          "autoindex",
          "deflate",
          "dir",
          "env",
          "filter",
          "mime",
          "negotiation",
          "reqtimeout",
          "setenvif",
          "status",
          "headers",
          "rewrite",
          "expires",
          "ssl",
          "socache_shmcb");

  private final Set<String> loaded = new HashSet<>(DEFAULT);

  /** {@code LoadModule wsgi_module modules/mod_wsgi.so}. */
  public void load(String identifier) {
    loaded.add(normalize(identifier));
  }

  public boolean isLoaded(String name) {
    return loaded.contains(normalize(name));
  }

  // mod_wsgi.c, wsgi_module and mod_wsgi all name "wsgi".
  static String normalize(String name) {
    String n = name.toLowerCase(Locale.ROOT);
    if (n.endsWith(".c")) {
      n = n.substring(0, n.length() - 2);
    }
    if (n.startsWith("mod_")) {
      n = n.substring(4);
    }
    if (n.endsWith("_module")) {
      n = n.substring(0, n.length() - 7);
    }
    return n;
  }
}
