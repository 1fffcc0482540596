package dev.kubewsgi.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kubewsgi.e2e.kube.E2eCluster;
import dev.kubewsgi.e2e.kube.ProcessGroupFixture;
import dev.kubewsgi.e2e.report.RbacUsage;
import java.io.IOException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
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

    checkOperatorRbac(run);

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
   * The operator's role against what it asked for in the whole run (the API server's audit log):
   * nothing refused, and every granted verb used, or kept for a reason named here ({@code
   * target/rbac-report.json}).
   */
  private static void checkOperatorRbac(E2eRun run) {
    String account =
        "system:serviceaccount:" + E2eCluster.OPERATOR_NAMESPACE + ":" + E2eCluster.RELEASE;
    List<JsonNode> rules =
        run.cluster.rulesBoundTo(E2eCluster.OPERATOR_NAMESPACE, E2eCluster.RELEASE);
    RbacUsage usage;
    try (var lines = RbacUsage.lines(run.cluster.auditLog())) {
      usage = RbacUsage.of(rules, lines, account);
    }
    usage.write(run.cluster.reportDir().resolve("rbac-report.json"), KEPT_UNUSED);
    E2eCluster.log(
        "operator RBAC: "
            + usage.granted().size()
            + " granted, "
            + usage.used().size()
            + " used, unused "
            + usage.unused()
            + ", refused "
            + usage.refused().size());
    run.figures.put("operator_rbac_granted", usage.granted().size());
    run.figures.put("operator_rbac_unused", usage.unused().size());
    assertThat(usage.refused()).as("requests of the operator that its role refused").isEmpty();
    assertThat(usage.unused())
        .as(
            "verbs the operator's role grants and the run never used (helm/kubewsgi/templates/_rbac.tpl)")
        .isSubsetOf(KEPT_UNUSED.keySet());
  }

  /**
   * Granted, not asked for in the e2e, and needed: each with the reason. Anything else unused is a
   * verb to take out of the chart's role.
   */
  private static final String APPLY_CREATES =
      "server-side apply that creates the object is authorized as create too; the audit log shows"
          + " it as patch (201)";

  private static final String OWNER_REFERENCE =
      "changing an owner reference (adopting objects left by a resource deleted and created again"
          + " under the same name) needs delete under OwnerReferencesPermissionEnforcement; the"
          + " PodDisruptionBudget and NetworkPolicy are also deleted at 1 replica or with the setting"
          + " off, which the e2e does not do";
  private static final Map<RbacUsage.Permission, String> KEPT_UNUSED =
      Map.ofEntries(
          kept("", "services", "create", APPLY_CREATES),
          kept("apps", "deployments", "create", APPLY_CREATES),
          kept("policy", "poddisruptionbudgets", "create", APPLY_CREATES),
          kept("networking.k8s.io", "networkpolicies", "create", APPLY_CREATES),
          kept("", "configmaps", "delete", OWNER_REFERENCE),
          kept("", "services", "delete", OWNER_REFERENCE),
          kept("apps", "deployments", "delete", OWNER_REFERENCE),
          kept("policy", "poddisruptionbudgets", "delete", OWNER_REFERENCE),
          kept("networking.k8s.io", "networkpolicies", "delete", OWNER_REFERENCE),
          kept(
              "kubewsgi.dev",
              "wsgiprocessgroups/finalizers",
              "update",
              "blockOwnerDeletion on the owned objects' owner references: checked by OwnerReferencesPermissionEnforcement at admission, never a request of its own"),
          kept(
              "",
              "events",
              "patch",
              "raises the count of an event recorded again (EventsApiServerTest); a run may record no"
                  + " event twice"),
          kept(
              "coordination.k8s.io",
              "leases",
              "update",
              "JOSDK's leader election refuses to start unless its rules review shows update on the"
                  + " Lease, though it renews with patch"));

  private static Map.Entry<RbacUsage.Permission, String> kept(
      String group, String resource, String verb, String why) {
    return Map.entry(new RbacUsage.Permission(group, resource, verb), why);
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
        JsonNode memory = ProcessGroupFixture.runtimeStatus(pod).path("memory");
        perPod.put(name, memory);
        // G1, the entry point's default (the JVM alone picks the serial collector under a limit
        // below 1792 MiB).
        assertThat(memory.path("gc").has("G1 Young Generation"))
            .as("G1 in pod %s: %s", name, memory.path("gc"))
            .isTrue();
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
