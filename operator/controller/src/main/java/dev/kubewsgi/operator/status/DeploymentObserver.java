package dev.kubewsgi.operator.status;

import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentCondition;
import io.fabric8.kubernetes.api.model.apps.DeploymentStatus;
import java.util.List;
import java.util.Objects;

/** Reads a Deployment's spec and status into a {@link DeploymentState}. */
public final class DeploymentObserver {

  private DeploymentObserver() {}

  public static DeploymentState observe(Deployment deployment) {
    if (deployment == null) {
      return DeploymentState.missing();
    }
    DeploymentStatus status =
        deployment.getStatus() != null ? deployment.getStatus() : new DeploymentStatus();
    Integer desired = deployment.getSpec() != null ? deployment.getSpec().getReplicas() : null;
    Long generation = deployment.getMetadata().getGeneration();
    Long observedGeneration = status.getObservedGeneration();
    DeploymentCondition progressing = condition(status.getConditions(), "Progressing");
    DeploymentCondition replicaFailure = condition(status.getConditions(), "ReplicaFailure");
    return new DeploymentState(
        true,
        desired != null ? desired : 1,
        generation == null || (observedGeneration != null && observedGeneration >= generation),
        count(status.getReplicas()),
        count(status.getUpdatedReplicas()),
        count(status.getReadyReplicas()),
        count(status.getAvailableReplicas()),
        progressing != null
            && "False".equals(progressing.getStatus())
            && "ProgressDeadlineExceeded".equals(progressing.getReason()),
        progressing != null ? progressing.getMessage() : null,
        replicaFailure != null && "True".equals(replicaFailure.getStatus())
            ? Objects.requireNonNullElse(replicaFailure.getMessage(), replicaFailure.getReason())
            : null);
  }

  private static DeploymentCondition condition(List<DeploymentCondition> conditions, String type) {
    if (conditions == null) {
      return null;
    }
    return conditions.stream().filter(c -> type.equals(c.getType())).findFirst().orElse(null);
  }

  private static int count(Integer value) {
    return value != null ? value : 0;
  }
}
