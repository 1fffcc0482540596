package dev.kubewsgi.operator.render;

import dev.kubewsgi.api.WsgiProcessGroup;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudgetBuilder;

/**
 * Renders the PodDisruptionBudget: node drains take one pod at a time. Only rendered for more than
 * one replica; with one, a budget would block every drain.
 */
public final class PodDisruptionBudgetRenderer {

  private PodDisruptionBudgetRenderer() {}

  /** Whether the group gets a budget at all. */
  public static boolean isWanted(WsgiProcessGroup group) {
    return SpecDefaults.replicas(group.getSpec()) > 1;
  }

  public static PodDisruptionBudget render(WsgiProcessGroup group) {
    return new PodDisruptionBudgetBuilder()
        .withMetadata(ResourceNames.metadata(group, ResourceNames.podDisruptionBudget(group)))
        .withNewSpec()
        .withMaxUnavailable(new IntOrString(1))
        .withNewSelector()
        .withMatchLabels(ResourceNames.selectorLabels(group))
        .endSelector()
        .endSpec()
        .build();
  }
}
