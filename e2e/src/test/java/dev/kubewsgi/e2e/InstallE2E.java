package dev.kubewsgi.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kubewsgi.e2e.kube.E2eCluster;
import dev.kubewsgi.e2e.report.Figures;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import java.time.Duration;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

/** Scenario 1: the chart installs the operator with the locally built images; the CRD is served. */
@Order(1)
class InstallE2E {

  static final String CRD = "wsgiprocessgroups.kubewsgi.dev";

  /** "kubewsgi/operator:0.1.0" as repository and tag. */
  static String[] repositoryAndTag(String image) {
    int colon = image.lastIndexOf(':');
    return new String[] {image.substring(0, colon), image.substring(colon + 1)};
  }

  /** Installs (or upgrades to) the chart from the repository: what every later scenario needs. */
  static Duration install(E2eRun run) {
    String[] operator = repositoryAndTag(run.cluster.images().operator());
    String[] runtime = repositoryAndTag(run.cluster.images().runtime());
    long start = System.nanoTime();
    run.cluster
        .cli()
        .helm(
            Duration.ofMinutes(5),
            "upgrade",
            "--install",
            E2eCluster.RELEASE,
            chart(run),
            "--namespace",
            E2eCluster.OPERATOR_NAMESPACE,
            "--create-namespace",
            "--set",
            "operator.image.repository=" + operator[0],
            "--set",
            "operator.image.tag=" + operator[1],
            // Imported into containerd, never pulled: no registry here.
            "--set",
            "operator.image.pullPolicy=Never",
            "--set",
            "runtime.image.repository=" + runtime[0],
            "--set",
            "runtime.image.tag=" + runtime[1],
            "--set",
            "runtime.image.pullPolicy=IfNotPresent",
            // A policy per group (ServeE2E checks it); the metrics CRDs are not installed here.
            "--set",
            "networkPolicy.enabled=true",
            // helm test's pod: the node's own busybox (no registry to pull one from).
            "--set",
            "tests.image=" + run.cluster.images().busybox(),
            "--wait",
            "--timeout",
            "4m")
        .orThrow();
    return Duration.ofNanos(System.nanoTime() - start);
  }

  /** The repository's chart; KUBEWSGI_E2E_CHART_DIR points elsewhere (a patched copy, to debug). */
  static String chart(E2eRun run) {
    String override = System.getenv("KUBEWSGI_E2E_CHART_DIR");
    return override != null && !override.isBlank()
        ? override
        : run.cluster.repoDir().resolve("helm/kubewsgi").toString();
  }

  @Test
  void operatorBecomesReadyAndTheCrdIsServed() {
    E2eRun run = E2eRun.get();
    E2eCluster.log("helm install " + chart(run));
    Duration took = install(run);
    run.figures.put("helm_install_to_operator_ready_s", Figures.seconds(took));
    E2eCluster.log("operator Ready " + took.toMillis() + " ms after helm install started");

    var deployments =
        run.cluster
            .client()
            .apps()
            .deployments()
            .inNamespace(E2eCluster.OPERATOR_NAMESPACE)
            .withLabel("app.kubernetes.io/instance", E2eCluster.RELEASE)
            .list()
            .getItems();
    assertThat(deployments).as("the chart's operator Deployment").hasSize(1);
    Deployment operator = deployments.get(0);
    assertThat(operator.getStatus().getReadyReplicas()).isEqualTo(operator.getSpec().getReplicas());
    assertThat(operator.getSpec().getTemplate().getSpec().getContainers().get(0).getImage())
        .isEqualTo(run.cluster.images().operator());

    CustomResourceDefinition crd =
        run.cluster.client().apiextensions().v1().customResourceDefinitions().withName(CRD).get();
    assertThat(crd).as("CRD " + CRD).isNotNull();
    assertThat(crd.getStatus().getConditions())
        .anySatisfy(
            c -> {
              assertThat(c.getType()).isEqualTo("Established");
              assertThat(c.getStatus()).isEqualTo("True");
            });
    // Served: the short name resolves and a list answers, as a user would first try.
    var list = run.cluster.cli().kubectl("get", "wpg", "--all-namespaces").orThrow();
    assertThat(list.err()).doesNotContain("error");
    var explain = run.cluster.cli().kubectl("explain", "wsgiprocessgroup.spec.warmup").orThrow();
    assertThat(explain.out()).contains("untilSettled");
    assertThat(run.cluster.cli().kubectl("explain", "wsgiprocessgroup").orThrow().out())
        .contains("mod_wsgi daemon process group");

    // The chart's own test: a pod that fetches the operator's metrics through its Service.
    var test =
        run.cluster
            .cli()
            .helm(
                Duration.ofMinutes(3),
                "test",
                E2eCluster.RELEASE,
                "--namespace",
                E2eCluster.OPERATOR_NAMESPACE,
                "--timeout",
                "2m")
            .orThrow();
    assertThat(test.out()).containsPattern("Phase:\\s+Succeeded");
  }
}
