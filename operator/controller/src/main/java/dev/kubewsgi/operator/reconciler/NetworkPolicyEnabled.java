package dev.kubewsgi.operator.reconciler;

import dev.kubewsgi.api.WsgiProcessGroup;
import dev.kubewsgi.operator.dependent.NetworkPolicyDependent;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.dependent.DependentResource;
import io.javaoperatorsdk.operator.processing.dependent.workflow.Condition;

/**
 * The NetworkPolicy's precondition, the operator's setting: when false, the workflow deletes the
 * policy, so turning the setting off removes them all.
 */
public class NetworkPolicyEnabled implements Condition<NetworkPolicy, WsgiProcessGroup> {

  @Override
  public boolean isMet(
      DependentResource<NetworkPolicy, WsgiProcessGroup> dependent,
      WsgiProcessGroup group,
      Context<WsgiProcessGroup> context) {
    return dependent instanceof NetworkPolicyDependent policy && policy.isEnabled();
  }
}
