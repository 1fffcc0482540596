package dev.kubewsgi.operator.reconciler;

import dev.kubewsgi.api.WsgiProcessGroup;
import dev.kubewsgi.api.WsgiProcessGroupStatus;
import dev.kubewsgi.operator.dependent.ConfigMapDependent;
import dev.kubewsgi.operator.dependent.DeploymentDependent;
import dev.kubewsgi.operator.dependent.ImportScriptConfigMaps;
import dev.kubewsgi.operator.dependent.NetworkPolicyDependent;
import dev.kubewsgi.operator.dependent.PodDisruptionBudgetDependent;
import dev.kubewsgi.operator.dependent.ServiceDependent;
import dev.kubewsgi.operator.status.ConditionMetrics;
import dev.kubewsgi.operator.status.DeploymentObserver;
import dev.kubewsgi.operator.status.Events;
import dev.kubewsgi.operator.status.PodFailureInspector;
import dev.kubewsgi.operator.status.StatusAggregator;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.ErrorStatusUpdateControl;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.javaoperatorsdk.operator.api.reconciler.Workflow;
import io.javaoperatorsdk.operator.api.reconciler.dependent.Dependent;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import io.javaoperatorsdk.operator.processing.retry.GradualRetry;
import java.time.Instant;
import java.util.List;

/**
 * Declares what a WsgiProcessGroup becomes (ConfigMap before Deployment, Service, and a
 * PodDisruptionBudget for more than one replica, a NetworkPolicy when the operator is set to, all
 * applied server-side and owned by the group) and reports the outcome as status. Reconciles on spec
 * generation changes and on owned-object events.
 */
@Workflow(
    dependents = {
      @Dependent(name = "runtime-config", type = ConfigMapDependent.class),
      @Dependent(
          name = "deployment",
          type = DeploymentDependent.class,
          dependsOn = "runtime-config"),
      @Dependent(name = "service", type = ServiceDependent.class),
      @Dependent(
          name = "pod-disruption-budget",
          type = PodDisruptionBudgetDependent.class,
          reconcilePrecondition = MoreThanOneReplica.class),
      @Dependent(
          name = "network-policy",
          type = NetworkPolicyDependent.class,
          reconcilePrecondition = NetworkPolicyEnabled.class)
    })
@ControllerConfiguration(name = WsgiProcessGroupReconciler.NAME)
@GradualRetry(
    maxAttempts = 8,
    initialInterval = 1_000,
    intervalMultiplier = 2,
    maxInterval = 60_000)
public class WsgiProcessGroupReconciler implements Reconciler<WsgiProcessGroup> {

  public static final String NAME = "wsgiprocessgroup";

  private final Events events = new Events();
  private final ConditionMetrics conditionMetrics;

  /** Without condition metrics (tests that run the reconciler alone). */
  public WsgiProcessGroupReconciler() {
    this(null);
  }

  public WsgiProcessGroupReconciler(ConditionMetrics conditionMetrics) {
    this.conditionMetrics = conditionMetrics;
  }

  @Override
  public List<EventSource<?, WsgiProcessGroup>> prepareEventSources(
      EventSourceContext<WsgiProcessGroup> context) {
    if (conditionMetrics != null) {
      conditionMetrics.watch(context.getPrimaryCache());
    }
    return List.of(
        ImportScriptConfigMaps.eventSource(context), ProcessGroupPods.eventSource(context));
  }

  @Override
  public UpdateControl<WsgiProcessGroup> reconcile(
      WsgiProcessGroup group, Context<WsgiProcessGroup> context) {
    WsgiProcessGroupStatus status =
        StatusAggregator.aggregate(
            group,
            DeploymentObserver.observe(context.getSecondaryResource(Deployment.class).orElse(null)),
            PodFailureInspector.inspect(ProcessGroupPods.of(group, context)),
            Instant.now());
    return UpdateControl.patchStatus(withStatus(group, status, context));
  }

  @Override
  public ErrorStatusUpdateControl<WsgiProcessGroup> updateErrorStatus(
      WsgiProcessGroup group, Context<WsgiProcessGroup> context, Exception e) {
    WsgiProcessGroupStatus status = StatusAggregator.failed(group, e, Instant.now());
    return ErrorStatusUpdateControl.patchStatus(withStatus(group, status, context));
  }

  // Only the status is sent (server-side apply of the status subresource).
  private WsgiProcessGroup withStatus(
      WsgiProcessGroup group, WsgiProcessGroupStatus status, Context<WsgiProcessGroup> context) {
    events.onTransition(context.getClient(), group, group.getStatus(), status);
    WsgiProcessGroup patch = new WsgiProcessGroup();
    patch.setMetadata(group.getMetadata());
    patch.setSpec(null);
    patch.setStatus(status);
    return patch;
  }
}
