package dev.kubewsgi.operator.render;

import dev.kubewsgi.api.RuntimePorts;
import dev.kubewsgi.api.WsgiProcessGroup;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;

/**
 * Renders the Service in front of a process group's HTTP port; the admin port stays private to the
 * kubelet.
 */
public final class ServiceRenderer {

  private ServiceRenderer() {}

  public static Service render(WsgiProcessGroup group) {
    return new ServiceBuilder()
        .withMetadata(ResourceNames.metadata(group, ResourceNames.service(group)))
        .withNewSpec()
        .withType("ClusterIP")
        .withSelector(ResourceNames.selectorLabels(group))
        .addNewPort()
        .withName(DeploymentRenderer.HTTP_PORT_NAME)
        .withPort(RuntimePorts.HTTP)
        .withTargetPort(new IntOrString(DeploymentRenderer.HTTP_PORT_NAME))
        .withProtocol("TCP")
        .endPort()
        .endSpec()
        .build();
  }
}
