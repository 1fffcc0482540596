package dev.kubewsgi.operator.dependent;

import dev.kubewsgi.api.WsgiProcessGroup;
import dev.kubewsgi.operator.render.NetworkPolicyRenderer;
import dev.kubewsgi.operator.render.NetworkPolicySettings;
import dev.kubewsgi.operator.render.RenderSettings;
import dev.kubewsgi.operator.render.ResourceNames;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.javaoperatorsdk.operator.api.config.informer.Informer;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.CRUDKubernetesDependentResource;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.KubernetesDependent;

/** The NetworkPolicy; the workflow applies it only when the operator is set to. */
@KubernetesDependent(informer = @Informer(labelSelector = ResourceNames.MANAGED_SELECTOR))
public class NetworkPolicyDependent
    extends CRUDKubernetesDependentResource<NetworkPolicy, WsgiProcessGroup>
    implements UsesRenderSettings {

  private volatile NetworkPolicySettings settings =
      NetworkPolicySettings.fromEnvironment(System.getenv());

  public NetworkPolicyDependent() {
    super(NetworkPolicy.class);
  }

  @Override
  public void use(RenderSettings settings) {
    this.settings = settings.networkPolicy();
  }

  public boolean isEnabled() {
    return settings.enabled();
  }

  @Override
  protected NetworkPolicy desired(WsgiProcessGroup group, Context<WsgiProcessGroup> context) {
    return NetworkPolicyRenderer.render(group, settings);
  }
}
