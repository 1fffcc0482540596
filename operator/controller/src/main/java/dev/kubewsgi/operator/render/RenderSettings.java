package dev.kubewsgi.operator.render;

import java.util.Map;

/**
 * What rendering takes from the operator's configuration rather than from the resource.
 *
 * @param defaultImage the runtime image of process groups that name none
 */
public record RenderSettings(String defaultImage) {

  /** Environment variable that sets {@link #defaultImage()}. */
  public static final String RUNTIME_IMAGE_ENV = "KUBEWSGI_RUNTIME_IMAGE";

  public static final String DEFAULT_RUNTIME_IMAGE = "kubewsgi/runtime:0.1.0";

  public RenderSettings {
    if (defaultImage == null || defaultImage.isBlank()) {
      throw new IllegalArgumentException(RUNTIME_IMAGE_ENV + " must name an image when set");
    }
  }

  /** Settings from environment variables (pass {@code System.getenv()}). */
  public static RenderSettings fromEnvironment(Map<String, String> env) {
    return new RenderSettings(env.getOrDefault(RUNTIME_IMAGE_ENV, DEFAULT_RUNTIME_IMAGE));
  }
}
