package dev.kubewsgi.operator.render;

import dev.kubewsgi.api.WsgiProcessGroup;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Everything the operator puts in the cluster for one process group, in apply order.
 *
 * @param podDisruptionBudget empty for a single replica
 * @param networkPolicy empty unless the operator is set to render NetworkPolicies
 */
public record RenderedObjects(
    ConfigMap runtimeConfig,
    Deployment deployment,
    Service service,
    Optional<PodDisruptionBudget> podDisruptionBudget,
    Optional<NetworkPolicy> networkPolicy) {

  public static RenderedObjects render(
      WsgiProcessGroup group, RenderSettings settings, ScriptSources scripts) {
    ConfigMap config = RuntimeConfigRenderer.render(group, scripts);
    return new RenderedObjects(
        config,
        DeploymentRenderer.render(group, settings, config),
        ServiceRenderer.render(group),
        PodDisruptionBudgetRenderer.isWanted(group)
            ? Optional.of(PodDisruptionBudgetRenderer.render(group))
            : Optional.empty(),
        settings.networkPolicy().enabled()
            ? Optional.of(NetworkPolicyRenderer.render(group, settings.networkPolicy()))
            : Optional.empty());
  }

  public List<HasMetadata> all() {
    List<HasMetadata> all = new ArrayList<>(List.of(runtimeConfig, deployment, service));
    podDisruptionBudget.ifPresent(all::add);
    networkPolicy.ifPresent(all::add);
    return all;
  }
}
