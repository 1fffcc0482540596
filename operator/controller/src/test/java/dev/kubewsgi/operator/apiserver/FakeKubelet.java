package dev.kubewsgi.operator.apiserver;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Instant;

/**
 * Pod statuses as a kubelet or the scheduler would write them: the control plane of these tests has
 * neither, so the pods the ReplicaSet controller makes stay Pending until a test says more.
 */
final class FakeKubelet {

  private FakeKubelet() {}

  /** Running and Ready: every interpreter warm. */
  static void ready(KubernetesClient client, Pod pod) {
    String now = Instant.now().toString();
    PodBuilder ready = new PodBuilder(pod).editOrNewStatus().withPhase("Running").endStatus();
    for (String type : new String[] {"Ready", "ContainersReady", "Initialized", "PodScheduled"}) {
      ready
          .editStatus()
          .addNewCondition()
          .withType(type)
          .withStatus("True")
          .withLastTransitionTime(now)
          .endCondition()
          .endStatus();
    }
    write(client, ready);
  }

  /** The runtime exited at boot with {@code exitCode} and its termination message; back-off. */
  static void bootFailed(KubernetesClient client, Pod pod, int exitCode, String message) {
    write(
        client,
        pending(pod)
            .editStatus()
            .addNewContainerStatus()
            .withName("runtime")
            .withImage("kubewsgi/runtime:0.1.0")
            .withImageID("")
            .withReady(false)
            .withRestartCount(1)
            .withNewState()
            .withNewWaiting()
            .withReason("CrashLoopBackOff")
            .endWaiting()
            .endState()
            .withNewLastState()
            .withNewTerminated()
            .withExitCode(exitCode)
            .withReason("Error")
            .withMessage(message)
            .endTerminated()
            .endLastState()
            .endContainerStatus()
            .endStatus());
  }

  /** What the scheduler writes when no node fits. */
  static void unschedulable(KubernetesClient client, Pod pod, String message) {
    write(
        client,
        pending(pod)
            .editStatus()
            .addNewCondition()
            .withType("PodScheduled")
            .withStatus("False")
            .withReason("Unschedulable")
            .withMessage(message)
            .withLastTransitionTime(Instant.now().toString())
            .endCondition()
            .endStatus());
  }

  private static PodBuilder pending(Pod pod) {
    return new PodBuilder(pod).editOrNewStatus().withPhase("Pending").endStatus();
  }

  private static void write(KubernetesClient client, PodBuilder pod) {
    client.pods().resource(pod.build()).updateStatus();
  }
}
