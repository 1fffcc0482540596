package dev.kubewsgi.convert.apache;

import java.util.List;

/**
 * A configuration as read: its directive tree; what was not read (an Include of a file this machine
 * lacks); and warnings that lose nothing mod_wsgi needs by themselves (an undefined {@code ${VAR}},
 * kept as written, as httpd does).
 */
public record ApacheConfig(
    List<Directive> directives, List<Notice> notices, List<Notice> warnings) {

  public ApacheConfig {
    directives = List.copyOf(directives);
    notices = List.copyOf(notices);
    warnings = List.copyOf(warnings);
  }
}
