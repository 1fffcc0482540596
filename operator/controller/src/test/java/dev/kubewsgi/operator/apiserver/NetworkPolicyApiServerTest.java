package dev.kubewsgi.operator.apiserver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.kubewsgi.api.WsgiProcessGroup;
import dev.kubewsgi.api.spec.PodMetadataSpec;
import dev.kubewsgi.api.spec.PodTemplate;
import dev.kubewsgi.operator.dependent.SettingsAwareDependentFactory;
import dev.kubewsgi.operator.reconciler.WsgiProcessGroupReconciler;
import dev.kubewsgi.operator.render.NetworkPolicySettings;
import dev.kubewsgi.operator.render.RenderSettings;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.javaoperatorsdk.operator.junit.LocallyRunOperatorExtension;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * An operator set to render NetworkPolicies, on the real API server: the policy is admitted and
 * selects exactly the pods the controller-manager made for the group (the CNI that would enforce it
 * is not part of this test).
 */
class NetworkPolicyApiServerTest {

  private static final RenderSettings SETTINGS =
      new RenderSettings(
          RenderSettings.DEFAULT_RUNTIME_IMAGE,
          RenderSettings.DEFAULT_PULL_POLICY,
          NetworkPolicySettings.parse(
              "true", NetworkPolicySettings.DEFAULT_ADMIN_NAMESPACES, "10.250.0.0/24"));

  @RegisterExtension
  static final LocallyRunOperatorExtension operator =
      LocallyRunOperatorExtension.builder()
          .withKubernetesClient(ControlPlane.get().newClient())
          .withAdditionalCRD(Crds.file().toString())
          .withConfigurationService(
              o -> o.withDependentResourceFactory(new SettingsAwareDependentFactory(SETTINGS)))
          .withReconciler(new WsgiProcessGroupReconciler())
          .oneNamespacePerClass(true)
          .build();

  @Test
  void eachGroupGetsAPolicySelectingItsPods() {
    WsgiProcessGroup group = ProcessGroups.hello("guarded", 2);
    PodTemplate template = new PodTemplate(); // the escape hatch must not change the selection
    PodMetadataSpec metadata = new PodMetadataSpec();
    metadata.setLabels(Map.of("team", "shop"));
    template.setMetadata(metadata);
    group.getSpec().setPodTemplate(template);
    operator.create(group);

    NetworkPolicy policy =
        await()
            .atMost(Duration.ofSeconds(60))
            .ignoreExceptions()
            .until(() -> operator.get(NetworkPolicy.class, "guarded"), p -> p != null);
    assertThat(policy.getSpec().getIngress())
        .extracting(r -> r.getPorts().getFirst().getPort())
        .containsExactly(new IntOrString(8080), new IntOrString(8081));
    assertThat(policy.getSpec().getIngress().get(1).getFrom())
        .extracting(p -> p.getIpBlock() == null ? "namespaces" : p.getIpBlock().getCidr())
        .containsExactly("namespaces", "10.250.0.0/24");

    List<Pod> selected =
        await()
            .atMost(Duration.ofSeconds(60))
            .until(
                () ->
                    operator
                        .getKubernetesClient()
                        .pods()
                        .inNamespace(operator.getNamespace())
                        .withLabels(policy.getSpec().getPodSelector().getMatchLabels())
                        .list()
                        .getItems(),
                pods -> pods.size() == 2);
    assertThat(selected)
        .allSatisfy(
            p ->
                assertThat(p.getMetadata().getLabels())
                    .containsEntry("team", "shop")
                    .containsEntry("app.kubernetes.io/instance", "guarded"));
  }
}
