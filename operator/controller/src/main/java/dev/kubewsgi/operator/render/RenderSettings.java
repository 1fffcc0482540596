package dev.kubewsgi.operator.render;

import java.util.Map;
import java.util.Set;

/**
 * What rendering takes from the operator's configuration rather than from the resource.
 *
 * @param defaultImage the runtime image of process groups that name none
 * @param imagePullPolicy the runtime containers' imagePullPolicy
 * @param networkPolicy whether and how each group gets a NetworkPolicy
 */
public record RenderSettings(
    String defaultImage, String imagePullPolicy, NetworkPolicySettings networkPolicy) {

  /** Environment variable that sets {@link #defaultImage()}. */
  public static final String RUNTIME_IMAGE_ENV = "KUBEWSGI_RUNTIME_IMAGE";

  public static final String PULL_POLICY_ENV = "KUBEWSGI_RUNTIME_IMAGE_PULL_POLICY";

  public static final String DEFAULT_RUNTIME_IMAGE = "kubewsgi/runtime:0.1.0";

  public static final String DEFAULT_PULL_POLICY = "IfNotPresent";

  public RenderSettings {
    if (defaultImage == null || defaultImage.isBlank()) {
      throw new IllegalArgumentException(RUNTIME_IMAGE_ENV + " must name an image when set");
    }
    if (!Set.of("Always", "IfNotPresent", "Never").contains(imagePullPolicy)) {
      throw new IllegalArgumentException(
          PULL_POLICY_ENV + " must be Always, IfNotPresent or Never, not " + imagePullPolicy);
    }
  }

  /** Without NetworkPolicies. */
  public RenderSettings(String defaultImage, String imagePullPolicy) {
    this(defaultImage, imagePullPolicy, NetworkPolicySettings.DISABLED);
  }

  public static RenderSettings defaults() {
    return new RenderSettings(DEFAULT_RUNTIME_IMAGE, DEFAULT_PULL_POLICY);
  }

  /** Settings from environment variables (pass {@code System.getenv()}). */
  public static RenderSettings fromEnvironment(Map<String, String> env) {
    return new RenderSettings(
        env.getOrDefault(RUNTIME_IMAGE_ENV, DEFAULT_RUNTIME_IMAGE),
        env.getOrDefault(PULL_POLICY_ENV, DEFAULT_PULL_POLICY),
        NetworkPolicySettings.fromEnvironment(env));
  }
}
