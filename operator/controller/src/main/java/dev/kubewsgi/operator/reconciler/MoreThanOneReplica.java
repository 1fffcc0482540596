package dev.kubewsgi.operator.reconciler;

import dev.kubewsgi.api.WsgiProcessGroup;
import dev.kubewsgi.operator.render.PodDisruptionBudgetRenderer;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.dependent.DependentResource;
import io.javaoperatorsdk.operator.processing.dependent.workflow.Condition;

/** The PodDisruptionBudget's precondition: when false, the workflow deletes the budget. */
public class MoreThanOneReplica implements Condition<PodDisruptionBudget, WsgiProcessGroup> {

  @Override
  public boolean isMet(
      DependentResource<PodDisruptionBudget, WsgiProcessGroup> dependent,
      WsgiProcessGroup group,
      Context<WsgiProcessGroup> context) {
    return PodDisruptionBudgetRenderer.isWanted(group);
  }
}
