package dev.kubewsgi.operator.dependent;

import dev.kubewsgi.api.WsgiProcessGroup;
import dev.kubewsgi.operator.render.DeploymentRenderer;
import dev.kubewsgi.operator.render.RenderSettings;
import dev.kubewsgi.operator.render.ResourceNames;
import dev.kubewsgi.operator.render.RuntimeConfigRenderer;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.javaoperatorsdk.operator.api.config.informer.Informer;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.CRUDKubernetesDependentResource;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.KubernetesDependent;

/** The Deployment running the process group's pods; its template carries the config hash. */
@KubernetesDependent(informer = @Informer(labelSelector = ResourceNames.MANAGED_SELECTOR))
public class DeploymentDependent
    extends CRUDKubernetesDependentResource<Deployment, WsgiProcessGroup>
    implements UsesRenderSettings {

  private volatile RenderSettings settings = RenderSettings.fromEnvironment(System.getenv());

  public DeploymentDependent() {
    super(Deployment.class);
  }

  @Override
  public void use(RenderSettings settings) {
    this.settings = settings;
  }

  @Override
  protected Deployment desired(WsgiProcessGroup group, Context<WsgiProcessGroup> context) {
    return DeploymentRenderer.render(
        group,
        settings,
        RuntimeConfigRenderer.render(group, ImportScriptConfigMaps.lookup(group, context)));
  }
}
