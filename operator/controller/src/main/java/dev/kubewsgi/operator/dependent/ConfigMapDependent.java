package dev.kubewsgi.operator.dependent;

import dev.kubewsgi.api.WsgiProcessGroup;
import dev.kubewsgi.operator.render.ResourceNames;
import dev.kubewsgi.operator.render.RuntimeConfigRenderer;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.javaoperatorsdk.operator.api.config.informer.Informer;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.CRUDKubernetesDependentResource;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.KubernetesDependent;

/** The ConfigMap holding the runtime document, {@code processgroup.yaml}. */
@KubernetesDependent(informer = @Informer(labelSelector = ResourceNames.MANAGED_SELECTOR))
public class ConfigMapDependent
    extends CRUDKubernetesDependentResource<ConfigMap, WsgiProcessGroup> {

  public ConfigMapDependent() {
    super(ConfigMap.class);
  }

  @Override
  protected ConfigMap desired(WsgiProcessGroup group, Context<WsgiProcessGroup> context) {
    return RuntimeConfigRenderer.render(group, ImportScriptConfigMaps.lookup(group, context));
  }
}
