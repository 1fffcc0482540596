package dev.kubewsgi.convert;

import dev.kubewsgi.convert.WsgiDirectives.ScriptAlias;
import dev.kubewsgi.convert.WsgiDirectives.Setting;
import dev.kubewsgi.convert.apache.Directive;
import dev.kubewsgi.convert.apache.Origin;
import java.util.Optional;

/**
 * A value chosen for a script alias and the directive it came from: the alias's own option (such as
 * {@code process-group=}), else the most specific scoped directive that applies to it.
 */
record Chosen(String value, String comment, Origin origin, Directive directive) {

  static Optional<Chosen> choose(
      ScriptAlias alias,
      String option,
      String directive,
      WsgiDirectives index,
      String mount,
      String script) {
    Directive d = alias.directive();
    String own = option == null ? null : alias.options().get(option);
    if (own != null) {
      return Optional.of(
          new Chosen(own, provenance(d.name() + " " + option + "=" + own, d), d.origin(), d));
    }
    Setting best = null;
    for (Setting setting : index.settings) {
      if (setting.directive().key().equals(directive)
          && setting.scope().appliesTo(alias.scope().vhost(), mount, script)
          && (best == null || setting.scope().rank() >= best.scope().rank())) {
        best = setting;
      }
    }
    if (best == null) {
      return Optional.empty();
    }
    Directive from = best.directive();
    return Optional.of(new Chosen(from.arg0(), provenance(from.text(), from), from.origin(), from));
  }

  /** A generated field's comment: what it came from, and the file:line of that directive. */
  static String provenance(String text, Directive d) {
    return text + " (" + d.origin() + ")";
  }
}
