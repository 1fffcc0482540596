package dev.kubewsgi.operator.reconciler;

import dev.kubewsgi.api.WsgiProcessGroup;
import dev.kubewsgi.operator.render.ResourceNames;
import io.fabric8.kubernetes.api.model.Pod;
import io.javaoperatorsdk.operator.api.config.informer.InformerEventSourceConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import java.util.List;
import java.util.Set;

/** The pods of each process group, watched so that a failing pod surfaces in status at once. */
public final class ProcessGroupPods {

  public static final String EVENT_SOURCE = "pods";

  private ProcessGroupPods() {}

  /** Pods the operator's Deployments created, mapped to their group by the selector label. */
  public static InformerEventSource<Pod, WsgiProcessGroup> eventSource(
      EventSourceContext<WsgiProcessGroup> context) {
    var configuration =
        InformerEventSourceConfiguration.from(Pod.class, WsgiProcessGroup.class)
            .withName(EVENT_SOURCE)
            .withLabelSelector(ResourceNames.MANAGED_SELECTOR)
            .withSecondaryToPrimaryMapper(
                pod -> {
                  String group =
                      pod.getMetadata().getLabels().get(ResourceNames.PROCESS_GROUP_LABEL);
                  return group == null
                      ? Set.of()
                      : Set.of(new ResourceID(group, pod.getMetadata().getNamespace()));
                })
            .build();
    return new InformerEventSource<>(configuration, context);
  }

  public static List<Pod> of(WsgiProcessGroup group, Context<WsgiProcessGroup> context) {
    return List.copyOf(
        context
            .eventSourceRetriever()
            .getEventSourceFor(Pod.class, EVENT_SOURCE)
            .getSecondaryResources(group));
  }
}
