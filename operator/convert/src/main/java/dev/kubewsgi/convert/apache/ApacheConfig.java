package dev.kubewsgi.convert.apache;

import java.util.List;

/** A configuration as read: its directive tree and what the reader warned about on the way. */
public record ApacheConfig(List<Directive> directives, List<Notice> notices) {

  public ApacheConfig {
    directives = List.copyOf(directives);
    notices = List.copyOf(notices);
  }
}
