package dev.kubewsgi.api;

/** Names of application groups (mod_wsgi's {@code WSGIApplicationGroup}). */
public final class ApplicationGroups {

  /** The group every script and application belongs to unless it names another. */
  public static final String GLOBAL = "%{GLOBAL}";

  private ApplicationGroups() {}
}
