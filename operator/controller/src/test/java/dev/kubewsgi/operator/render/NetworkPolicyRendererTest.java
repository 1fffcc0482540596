package dev.kubewsgi.operator.render;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kubewsgi.api.WsgiProcessGroup;
import dev.kubewsgi.operator.Fixtures;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyIngressRule;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class NetworkPolicyRendererTest {

  private static final NetworkPolicySettings ON =
      NetworkPolicySettings.parse(
          "true", "kubernetes.io/metadata.name=monitoring", "10.250.0.0/24, 10.0.0.0/16");

  private static NetworkPolicyIngressRule rule(NetworkPolicy policy, int port) {
    return policy.getSpec().getIngress().stream()
        .filter(r -> r.getPorts().getFirst().getPort().equals(new IntOrString(port)))
        .findFirst()
        .orElseThrow();
  }

  @Test
  void theAppPortIsOpenTheAdminPortOnlyToMonitoringAndTheNodes() {
    WsgiProcessGroup group = Fixtures.group("hello");
    NetworkPolicy policy = NetworkPolicyRenderer.render(group, ON);

    assertThat(policy.getSpec().getPodSelector().getMatchLabels())
        .isEqualTo(ResourceNames.selectorLabels(group));
    assertThat(policy.getSpec().getPolicyTypes()).containsExactly("Ingress");
    assertThat(policy.getSpec().getIngress()).hasSize(2);
    assertThat(rule(policy, 8080).getFrom()).as("no from: any source").isEmpty();
    var admin = rule(policy, 8081).getFrom();
    assertThat(admin.getFirst().getNamespaceSelector().getMatchLabels())
        .isEqualTo(Map.of("kubernetes.io/metadata.name", "monitoring"));
    assertThat(admin.getFirst().getPodSelector()).isNull();
    assertThat(admin.subList(1, 3))
        .extracting(p -> p.getIpBlock().getCidr())
        .containsExactly("10.250.0.0/24", "10.0.0.0/16");
    assertThat(policy.getMetadata().getOwnerReferences()).isEmpty(); // the fixture has no uid
    assertThat(policy.getMetadata().getNamespace()).isEqualTo("shop");
  }

  @Test
  void renderedOnlyWhenTheOperatorIsSetTo() {
    WsgiProcessGroup group = Fixtures.group("hello");
    assertThat(
            RenderedObjects.render(group, RenderSettings.defaults(), Fixtures.scripts("hello"))
                .networkPolicy())
        .isEmpty();
    RenderSettings on = new RenderSettings("img", "IfNotPresent", ON);
    assertThat(RenderedObjects.render(group, on, Fixtures.scripts("hello")).networkPolicy())
        .isPresent();
  }

  @Test
  void badSettingsNameTheirVariable() {
    for (List<String> bad :
        List.of(
            List.of("yes", "a=b", ""),
            List.of("true", "", ""),
            List.of("true", "monitoring", ""),
            List.of("true", "a=b", "10.0.0.1"),
            List.of("true", "a=b", "10.0.0.0/33"))) {
      assertThatThrownBy(() -> NetworkPolicySettings.parse(bad.get(0), bad.get(1), bad.get(2)))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageStartingWith("KUBEWSGI_NETWORK_POLICY");
    }
  }
}
