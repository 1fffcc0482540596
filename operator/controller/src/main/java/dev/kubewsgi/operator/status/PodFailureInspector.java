package dev.kubewsgi.operator.status;

import dev.kubewsgi.api.ExitCode;
import dev.kubewsgi.api.status.ConditionReason;
import dev.kubewsgi.operator.render.ResourceNames;
import io.fabric8.kubernetes.api.model.ContainerStateTerminated;
import io.fabric8.kubernetes.api.model.ContainerStateWaiting;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodCondition;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * Finds why pods cannot become Ready from their container statuses: a runtime's boot failure (its
 * termination message names script and line), a failing init container of the pod template, a crash
 * loop, an image that cannot be pulled.
 */
public final class PodFailureInspector {

  /** Longer termination messages are cut: conditions are read in {@code kubectl describe}. */
  static final int MAX_MESSAGE = 1024;

  private PodFailureInspector() {}

  /** The first failure among the pods, by pod name; empty when none failed. */
  public static Optional<PodFailure> inspect(List<Pod> pods) {
    return pods.stream()
        .filter(pod -> pod.getMetadata().getDeletionTimestamp() == null && pod.getStatus() != null)
        .sorted(Comparator.comparing(pod -> pod.getMetadata().getName()))
        .map(PodFailureInspector::inspect)
        .flatMap(Optional::stream)
        .findFirst();
  }

  static Optional<PodFailure> inspect(Pod pod) {
    String podName = pod.getMetadata().getName();
    for (PodCondition condition : orEmpty(pod.getStatus().getConditions())) {
      if ("PodScheduled".equals(condition.getType())
          && "False".equals(condition.getStatus())
          && "Unschedulable".equals(condition.getReason())) {
        return Optional.of(
            new PodFailure(
                ConditionReason.UNSCHEDULABLE,
                "pod " + podName + " cannot be scheduled" + cut(": ", condition.getMessage())));
      }
    }
    // The runtime starts only after every init container (spec.podTemplate.initContainers)
    // succeeded.
    for (ContainerStatus status : orEmpty(pod.getStatus().getInitContainerStatuses())) {
      ContainerStateTerminated failed = failedTermination(status);
      if (failed != null) {
        return Optional.of(
            new PodFailure(
                ConditionReason.INIT_CONTAINER_FAILED,
                "pod "
                    + podName
                    + ": init container "
                    + status.getName()
                    + " exited with code "
                    + failed.getExitCode()
                    + detail(failed)));
      }
      Optional<PodFailure> waiting = waiting(podName, status);
      if (waiting.isPresent()) {
        return waiting;
      }
    }
    for (ContainerStatus status : orEmpty(pod.getStatus().getContainerStatuses())) {
      if (!ResourceNames.RUNTIME_CONTAINER.equals(status.getName())) {
        continue;
      }
      ContainerStateTerminated failed = failedTermination(status);
      if (failed != null) {
        return Optional.of(
            new PodFailure(
                reasonForExit(failed.getExitCode()),
                "pod "
                    + podName
                    + ": runtime exited with code "
                    + failed.getExitCode()
                    + " ("
                    + meaningOfExit(failed.getExitCode())
                    + ")"
                    + detail(failed)));
      }
      Optional<PodFailure> waiting = waiting(podName, status);
      if (waiting.isPresent()) {
        return waiting;
      }
    }
    return Optional.empty();
  }

  /** The runtime's exit codes, fixed by the pod contract ({@link ExitCode}). */
  static String reasonForExit(Integer exitCode) {
    return ExitCode.of(exitCode == null ? -1 : exitCode)
        .filter(c -> c.code() > 1)
        .map(ExitCode::conditionReason)
        .orElse(ConditionReason.RUNTIME_FAILED);
  }

  private static String meaningOfExit(Integer exitCode) {
    int code = exitCode == null ? -1 : exitCode;
    if (code == 137) {
      return "killed, often for exceeding its memory limit";
    }
    return ExitCode.of(code)
        .filter(c -> c.code() > 1)
        .map(ExitCode::meaning)
        .orElse("unexpected failure");
  }

  // A container that terminated with a non-zero code, now or in its previous run; a container that
  // recovered (Ready, or an init container that completed) keeps its last failure but is not
  // failing.
  private static ContainerStateTerminated failedTermination(ContainerStatus status) {
    ContainerStateTerminated now =
        status.getState() != null ? status.getState().getTerminated() : null;
    if (now != null && now.getExitCode() != null) {
      return now.getExitCode() != 0 ? now : null;
    }
    if (Boolean.TRUE.equals(status.getReady())) {
      return null;
    }
    ContainerStateTerminated last =
        status.getLastState() != null ? status.getLastState().getTerminated() : null;
    if (last != null && last.getExitCode() != null && last.getExitCode() != 0) {
      return last;
    }
    return null;
  }

  private static Optional<PodFailure> waiting(String podName, ContainerStatus status) {
    ContainerStateWaiting waiting =
        status.getState() != null ? status.getState().getWaiting() : null;
    if (waiting == null || waiting.getReason() == null) {
      return Optional.empty();
    }
    String what = "pod " + podName + ": container " + status.getName() + " ";
    return switch (waiting.getReason()) {
      case "CrashLoopBackOff" ->
          Optional.of(
              new PodFailure(
                  ConditionReason.CRASH_LOOP_BACK_OFF,
                  what + "is in CrashLoopBackOff" + cut(": ", waiting.getMessage())));
      case "ErrImagePull", "ImagePullBackOff", "InvalidImageName" ->
          Optional.of(
              new PodFailure(
                  ConditionReason.IMAGE_PULL_FAILED,
                  what
                      + "cannot pull image "
                      + status.getImage()
                      + cut(": ", waiting.getMessage())));
      case "CreateContainerConfigError", "CreateContainerError" ->
          Optional.of(
              new PodFailure(
                  ConditionReason.RUNTIME_FAILED,
                  what + "cannot be created" + cut(": ", waiting.getMessage())));
      default -> Optional.empty();
    };
  }

  private static String detail(ContainerStateTerminated terminated) {
    return cut(
        ": ", terminated.getMessage() != null ? terminated.getMessage() : terminated.getReason());
  }

  private static String cut(String prefix, String text) {
    if (text == null || text.isBlank()) {
      return "";
    }
    String trimmed = text.strip();
    return prefix
        + (trimmed.length() > MAX_MESSAGE ? trimmed.substring(0, MAX_MESSAGE) + "..." : trimmed);
  }

  private static <T> List<T> orEmpty(List<T> list) {
    return list != null ? list : List.of();
  }
}
