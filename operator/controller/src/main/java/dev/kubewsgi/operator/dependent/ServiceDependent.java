package dev.kubewsgi.operator.dependent;

import dev.kubewsgi.api.WsgiProcessGroup;
import dev.kubewsgi.operator.render.ResourceNames;
import dev.kubewsgi.operator.render.ServiceRenderer;
import io.fabric8.kubernetes.api.model.Service;
import io.javaoperatorsdk.operator.api.config.informer.Informer;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.CRUDKubernetesDependentResource;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.KubernetesDependent;

/** The Service in front of the process group's HTTP port. */
@KubernetesDependent(informer = @Informer(labelSelector = ResourceNames.MANAGED_SELECTOR))
public class ServiceDependent extends CRUDKubernetesDependentResource<Service, WsgiProcessGroup> {

  public ServiceDependent() {
    super(Service.class);
  }

  @Override
  protected Service desired(WsgiProcessGroup group, Context<WsgiProcessGroup> context) {
    return ServiceRenderer.render(group);
  }
}
