package dev.kubewsgi.operator.render;

import dev.kubewsgi.api.RuntimePorts;
import dev.kubewsgi.api.WsgiProcessGroup;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPeer;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPeerBuilder;
import java.util.ArrayList;
import java.util.List;

/**
 * Renders the ingress NetworkPolicy of a process group's pods: the app port from anywhere, the
 * admin port only from the allowed namespaces and node CIDRs. Egress is left alone: where an
 * application may connect is its team's policy, not the operator's.
 */
public final class NetworkPolicyRenderer {

  private NetworkPolicyRenderer() {}

  public static String name(WsgiProcessGroup group) {
    return group.getMetadata().getName();
  }

  public static NetworkPolicy render(WsgiProcessGroup group, NetworkPolicySettings settings) {
    List<NetworkPolicyPeer> adminPeers = new ArrayList<>();
    adminPeers.add(
        new NetworkPolicyPeerBuilder()
            .withNewNamespaceSelector()
            .withMatchLabels(settings.adminNamespaceLabels())
            .endNamespaceSelector()
            .build());
    for (String cidr : settings.nodeCidrs()) {
      adminPeers.add(
          new NetworkPolicyPeerBuilder().withNewIpBlock().withCidr(cidr).endIpBlock().build());
    }
    return new NetworkPolicyBuilder()
        .withMetadata(ResourceNames.metadata(group, name(group)))
        .withNewSpec()
        .withNewPodSelector()
        .withMatchLabels(ResourceNames.selectorLabels(group))
        .endPodSelector()
        .withPolicyTypes("Ingress")
        .addNewIngress() // no "from": any source
        .addNewPort()
        .withProtocol("TCP")
        .withPort(new IntOrString(RuntimePorts.HTTP))
        .endPort()
        .endIngress()
        .addNewIngress()
        .addNewPort()
        .withProtocol("TCP")
        .withPort(new IntOrString(RuntimePorts.ADMIN))
        .endPort()
        .withFrom(adminPeers)
        .endIngress()
        .endSpec()
        .build();
  }
}
