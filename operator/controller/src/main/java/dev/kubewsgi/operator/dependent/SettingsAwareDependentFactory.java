package dev.kubewsgi.operator.dependent;

import dev.kubewsgi.operator.render.RenderSettings;
import io.javaoperatorsdk.operator.api.config.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.config.dependent.DependentResourceSpec;
import io.javaoperatorsdk.operator.api.reconciler.dependent.DependentResource;
import io.javaoperatorsdk.operator.api.reconciler.dependent.DependentResourceFactory;

/**
 * Creates the workflow's dependents as JOSDK does, handing the operator's render settings to those
 * that render pods.
 */
@SuppressWarnings("rawtypes")
public final class SettingsAwareDependentFactory
    implements DependentResourceFactory<ControllerConfiguration<?>, DependentResourceSpec> {

  private final RenderSettings settings;

  public SettingsAwareDependentFactory(RenderSettings settings) {
    this.settings = settings;
  }

  @Override
  public DependentResource createFrom(
      DependentResourceSpec spec, ControllerConfiguration<?> configuration) {
    DependentResource dependent = DependentResourceFactory.super.createFrom(spec, configuration);
    if (dependent instanceof UsesRenderSettings aware) {
      aware.use(settings);
    }
    return dependent;
  }
}
