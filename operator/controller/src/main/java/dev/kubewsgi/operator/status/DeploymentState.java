package dev.kubewsgi.operator.status;

/**
 * What the Deployment of a process group says about its rollout, as plain numbers and flags.
 *
 * @param exists whether the Deployment exists at all
 * @param desired spec.replicas of the Deployment
 * @param observed whether the Deployment controller has seen the Deployment's current spec
 * @param replicas pods of any revision
 * @param updatedReplicas pods of the current revision
 * @param readyReplicas pods that are Ready
 * @param availableReplicas pods Ready for at least minReadySeconds
 * @param progressDeadlineExceeded the Deployment's Progressing condition says the rollout stalled
 * @param progressMessage the message of that condition, when any
 * @param replicaFailure the message of a ReplicaFailure condition (quota, admission), or null
 */
public record DeploymentState(
    boolean exists,
    int desired,
    boolean observed,
    int replicas,
    int updatedReplicas,
    int readyReplicas,
    int availableReplicas,
    boolean progressDeadlineExceeded,
    String progressMessage,
    String replicaFailure) {

  public static DeploymentState missing() {
    return new DeploymentState(false, 0, false, 0, 0, 0, 0, false, null, null);
  }

  /** Every desired pod runs the current revision, is available, and no old pod is left. */
  public boolean rolledOut() {
    return exists
        && observed
        && updatedReplicas >= desired
        && availableReplicas >= desired
        && replicas == updatedReplicas;
  }
}
