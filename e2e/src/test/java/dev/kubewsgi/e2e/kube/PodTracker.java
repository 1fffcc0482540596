package dev.kubewsgi.e2e.kube;

import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Watches the pods of one process group and notes, on the test's clock, when each was first seen
 * Ready, when it was first seen terminating, and which pods existed when tracking began. A
 * container that restarts is logged with how its last run ended (an OOM kill shows as OOMKilled),
 * so that a scenario's failed requests can be read beside it.
 */
public final class PodTracker implements AutoCloseable {

  private final SharedIndexInformer<Pod> informer;
  private final Map<String, Long> readyAtMicros = new ConcurrentHashMap<>();
  private final Map<String, Long> terminatingAtMicros = new ConcurrentHashMap<>();
  private final Set<String> initial = ConcurrentHashMap.newKeySet();
  private final Map<String, Integer> restarts = new ConcurrentHashMap<>();
  private final List<String> restartLog = new CopyOnWriteArrayList<>();

  public PodTracker(E2eCluster cluster, String namespace, String processGroup) {
    var pods =
        cluster
            .client()
            .pods()
            .inNamespace(namespace)
            .withLabel(ProcessGroupFixture.PROCESS_GROUP_LABEL, processGroup);
    for (Pod pod : pods.list().getItems()) {
      if (isReady(pod)) {
        initial.add(pod.getMetadata().getName());
      }
      // Restarts from before tracking began are not news.
      containers(pod).forEach((key, c) -> restarts.put(key, restartCount(c)));
    }
    this.informer =
        pods.inform(
            new ResourceEventHandler<>() {
              @Override
              public void onAdd(Pod pod) {
                observe(pod);
              }

              @Override
              public void onUpdate(Pod oldPod, Pod pod) {
                observe(pod);
              }

              @Override
              public void onDelete(Pod pod, boolean unknownFinalState) {
                terminatingAtMicros.putIfAbsent(pod.getMetadata().getName(), nowMicros());
              }
            },
            0);
  }

  private void observe(Pod pod) {
    String name = pod.getMetadata().getName();
    logRestarts(pod);
    if (pod.getMetadata().getDeletionTimestamp() != null) {
      terminatingAtMicros.putIfAbsent(name, nowMicros());
    } else if (isReady(pod) && !initial.contains(name)) {
      readyAtMicros.putIfAbsent(name, nowMicros());
    }
  }

  /** The pod's containers by "pod/container". */
  private static Map<String, ContainerStatus> containers(Pod pod) {
    Map<String, ContainerStatus> byKey = new LinkedHashMap<>();
    if (pod.getStatus() != null && pod.getStatus().getContainerStatuses() != null) {
      for (ContainerStatus c : pod.getStatus().getContainerStatuses()) {
        byKey.put(pod.getMetadata().getName() + "/" + c.getName(), c);
      }
    }
    return byKey;
  }

  private static int restartCount(ContainerStatus c) {
    return c.getRestartCount() == null ? 0 : c.getRestartCount();
  }

  private void logRestarts(Pod pod) {
    for (Map.Entry<String, ContainerStatus> e : containers(pod).entrySet()) {
      String key = e.getKey();
      ContainerStatus c = e.getValue();
      int count = restartCount(c);
      Integer seen = restarts.put(key, count);
      if (count > (seen == null ? 0 : seen)) {
        var ended = c.getLastState() == null ? null : c.getLastState().getTerminated();
        String restart =
            key
                + " restarted ("
                + count
                + "): "
                + (ended == null
                    ? "last state unknown"
                    : ended.getReason()
                        + ", exit "
                        + ended.getExitCode()
                        + ", at "
                        + ended.getFinishedAt());
        restartLog.add(restart);
        E2eCluster.log("container " + restart);
      }
    }
  }

  public static boolean isReady(Pod pod) {
    if (pod.getStatus() == null || pod.getStatus().getConditions() == null) {
      return false;
    }
    for (PodCondition c : pod.getStatus().getConditions()) {
      if ("Ready".equals(c.getType())) {
        return "True".equals(c.getStatus());
      }
    }
    return false;
  }

  /** Pods that turned Ready while tracked (not the ones Ready when it began), in order. */
  public Map<String, Long> readyAtMicros() {
    Map<String, Long> sorted = new LinkedHashMap<>();
    readyAtMicros.entrySet().stream()
        .sorted(Map.Entry.comparingByValue())
        .forEach(e -> sorted.put(e.getKey(), e.getValue()));
    return sorted;
  }

  public Map<String, Long> terminatingAtMicros() {
    return Map.copyOf(terminatingAtMicros);
  }

  /** Each container restart seen while tracked: pod/container, count, how its last run ended. */
  public List<String> restarts() {
    return List.copyOf(restartLog);
  }

  public Set<String> initialPods() {
    return Set.copyOf(initial);
  }

  public static long nowMicros() {
    Instant now = Instant.now();
    return now.getEpochSecond() * 1_000_000L + now.getNano() / 1_000;
  }

  @Override
  public void close() {
    informer.close();
  }
}
