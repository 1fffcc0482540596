package dev.kubewsgi.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kubewsgi.e2e.kube.E2eCluster;
import dev.kubewsgi.e2e.kube.ProcessGroupFixture;
import java.io.IOException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

/**
 * Scenario 9: before anything goes, the pods' memory as their runtimes report it (into the figures)
 * and no runtime container OOM-killed at the e2e's memory limit; then deleting the resource removes
 * what it owned, and helm uninstall removes the operator.
 */
@Order(9)
class CleanUpE2E {

  @Test
  void deletingTheResourceRemovesItsObjectsAndUninstallRemovesTheOperator() {
    E2eRun run = E2eRun.get();
    var client = run.cluster.client();
    String ns = run.flask.namespace();
    String selector = ProcessGroupFixture.PROCESS_GROUP_LABEL + "=" + ProcessGroupFixture.NAME;
    if (run.flask.exists()) {
      checkMemory(run);
      assertThat(run.flask.deployment()).as("the Deployment it owns").isNotNull();
      long start = System.nanoTime();
      run.cluster
          .cli()
          .kubectl("-n", ns, "delete", "wpg", ProcessGroupFixture.NAME, "--wait=true")
          .orThrow();
      E2eCluster.await(
          "the resource's Deployment, Service, ConfigMaps, PDB and pods to go",
          Duration.ofMinutes(3),
          () ->
              client.apps().deployments().inNamespace(ns).withName(ProcessGroupFixture.NAME).get()
                      == null
                  && client.services().inNamespace(ns).withName(ProcessGroupFixture.NAME).get()
                      == null
                  && client
                          .policy()
                          .v1()
                          .podDisruptionBudget()
                          .inNamespace(ns)
                          .withName(ProcessGroupFixture.NAME)
                          .get()
                      == null
                  && client
                          .configMaps()
                          .inNamespace(ns)
                          .withName(ProcessGroupFixture.NAME + "-runtime")
                          .get()
                      == null
                  && client
                      .pods()
                      .inNamespace(ns)
                      .withLabelSelector(selector)
                      .list()
                      .getItems()
                      .isEmpty());
      run.figures.put("delete_to_all_owned_gone_s", (System.nanoTime() - start) / 1e9);
      // Nothing else the operator made is left behind in the namespace.
      assertThat(client.configMaps().inNamespace(ns).list().getItems())
          .noneMatch(c -> c.getMetadata().getName().startsWith(ProcessGroupFixture.NAME + "-"));
    }

    run.cluster
        .cli()
        .helm(
            Duration.ofMinutes(3),
            "uninstall",
            E2eCluster.RELEASE,
            "--namespace",
            E2eCluster.OPERATOR_NAMESPACE,
            "--wait")
        .orThrow();
    E2eCluster.await(
        "the operator's pods to go",
        Duration.ofMinutes(2),
        () ->
            client
                .pods()
                .inNamespace(E2eCluster.OPERATOR_NAMESPACE)
                .withLabel("app.kubernetes.io/instance", E2eCluster.RELEASE)
                .list()
                .getItems()
                .isEmpty());
    assertThat(
            client
                .apps()
                .deployments()
                .inNamespace(E2eCluster.OPERATOR_NAMESPACE)
                .list()
                .getItems())
        .isEmpty();
    assertThat(
            client
                .rbac()
                .clusterRoles()
                .withLabel("app.kubernetes.io/instance", E2eCluster.RELEASE)
                .list()
                .getItems())
        .isEmpty();
    // Helm leaves CRDs from a chart's crds/ folder in place (its documented policy): say so.
    boolean crdKept =
        client.apiextensions().v1().customResourceDefinitions().withName(InstallE2E.CRD).get()
            != null;
    run.figures.put("crd_kept_after_helm_uninstall", crdKept);
    run.cluster.cli().kubectl("delete", "namespace", ns, "--ignore-not-found", "--wait=false");
  }

  /**
   * Each pod's {@code /status} memory (peak RSS, heap ceiling, code cache) against the limit, and
   * no runtime container whose last end was an OOM kill.
   */
  private static void checkMemory(E2eRun run) {
    Map<String, Object> perPod = new LinkedHashMap<>();
    for (var pod : run.flask.pods()) {
      String name = pod.getMetadata().getName();
      try {
        perPod.put(name, ProcessGroupFixture.runtimeStatus(pod).path("memory"));
      } catch (IOException e) {
        perPod.put(name, "unreachable: " + e);
      }
      for (var s : pod.getStatus().getContainerStatuses()) {
        var last = s.getLastState() == null ? null : s.getLastState().getTerminated();
        assertThat(last == null ? null : last.getReason())
            .as("last end of container %s of pod %s", s.getName(), name)
            .isNotEqualTo("OOMKilled");
      }
    }
    run.figures.put(
        "pod_memory", Map.of("limit", run.flask.sizing().memoryLimit(), "pods", perPod));
    E2eCluster.log("pod memory (limit " + run.flask.sizing().memoryLimit() + "): " + perPod);
  }
}
