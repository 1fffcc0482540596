package dev.kubewsgi.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kubewsgi.e2e.kube.E2eCluster;
import dev.kubewsgi.e2e.kube.ProcessGroupFixture;
import java.time.Duration;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

/** Scenario 8: deleting the resource removes what it owned; helm uninstall removes the operator. */
@Order(8)
class CleanUpE2E {

  @Test
  void deletingTheResourceRemovesItsObjectsAndUninstallRemovesTheOperator() {
    E2eRun run = E2eRun.get();
    var client = run.cluster.client();
    String ns = run.flask.namespace();
    String selector = ProcessGroupFixture.PROCESS_GROUP_LABEL + "=" + ProcessGroupFixture.NAME;
    if (run.flask.exists()) {
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
}
