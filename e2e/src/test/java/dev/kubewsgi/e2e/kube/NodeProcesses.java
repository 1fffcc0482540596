package dev.kubewsgi.e2e.kube;

import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Pod;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * The processes of a pod's container on the node, which runs on this machine (e2e/cluster/node.sh,
 * runc): found by the container's ID in their cgroup, and killed the way the kernel's OOM killer or
 * a crash ends them, with SIGKILL and no drain.
 */
public final class NodeProcesses {

  private NodeProcesses() {}

  /** The container's ID without its runtime prefix ({@code containerd://}). */
  public static String containerId(Pod pod, String container) {
    for (ContainerStatus s : pod.getStatus().getContainerStatuses()) {
      if (s.getName().equals(container) && s.getContainerID() != null) {
        String id = s.getContainerID();
        return id.substring(id.indexOf("://") + 3);
      }
    }
    throw new IllegalStateException(
        "pod " + pod.getMetadata().getName() + " has no running container " + container);
  }

  /** PIDs on this machine whose cgroup names the container. */
  public static List<Long> of(String containerId) {
    List<Long> pids = new ArrayList<>();
    try (Stream<Path> procs = Files.list(Path.of("/proc"))) {
      for (Path p : procs.toList()) {
        String name = p.getFileName().toString();
        if (!name.chars().allMatch(Character::isDigit)) {
          continue;
        }
        try {
          if (Files.readString(p.resolve("cgroup")).contains(containerId)) {
            pids.add(Long.parseLong(name));
          }
        } catch (IOException e) {
          // the process ended while we looked
        }
      }
    } catch (IOException e) {
      throw new IllegalStateException("cannot list /proc", e);
    }
    return pids;
  }

  /** SIGKILLs every process of the pod's container; returns how many there were. */
  public static int kill(Pod pod, String container) {
    String id = containerId(pod, container);
    List<Long> pids = of(id);
    if (pids.isEmpty()) {
      throw new IllegalStateException(
          "no process on this machine belongs to container "
              + container
              + " of pod "
              + pod.getMetadata().getName()
              + " ("
              + id
              + "): the node must run here, and the test as root");
    }
    for (long pid : pids) {
      ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
    }
    return pids.size();
  }
}
