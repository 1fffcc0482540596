package dev.kubewsgi.operator.dependent;

import dev.kubewsgi.operator.render.RenderSettings;

/** A dependent whose object depends on the operator's settings, handed over at start-up. */
public interface UsesRenderSettings {

  /** Replaces the settings read from the environment (the operator's command-line flags). */
  void use(RenderSettings settings);
}
