package dev.kubewsgi.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kubewsgi.e2e.kube.E2eCluster;
import dev.kubewsgi.e2e.kube.ProcessGroupFixture;
import dev.kubewsgi.e2e.load.HttpConnection;
import dev.kubewsgi.e2e.report.Figures;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Scenario 2: examples/flask with 2 replicas turns Ready and answers through its Service's
 * ClusterIP, the app and its static files; its NetworkPolicy selects its pods.
 */
@Order(2)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class) // the first one times apply -> Ready
class ServeE2E {

  /** Applies the Flask resource and waits for Ready; returns how long it took. */
  static Duration serve(E2eRun run) {
    if (run.cluster
            .client()
            .apiextensions()
            .v1()
            .customResourceDefinitions()
            .withName(InstallE2E.CRD)
            .get()
        == null) {
      InstallE2E.install(run);
    }
    E2eCluster.log("kubectl apply examples/flask (" + run.flask.sizing() + ")");
    long start = System.nanoTime();
    run.flask.apply(run.flask.manifest());
    E2eCluster.await(
        "the flask WsgiProcessGroup to turn Ready", Duration.ofMinutes(25), run.flask::ready);
    return Duration.ofNanos(System.nanoTime() - start);
  }

  /** For the later scenarios: serve when not yet serving; once that failed, fail at once. */
  static void ensureServing(E2eRun run) {
    if (run.serveFailed) {
      throw new AssertionError(
          "not run: the flask resource did not turn Ready earlier in this run (ServeE2E)");
    }
    if (!run.flask.exists() || !run.flask.ready()) {
      try {
        if (run.flask.exists()) {
          // A replacement pod is still starting (LongRequestE2E deletes one): wait for it. Applying
          // the manifest again would reset the spec and roll every pod once more.
          E2eCluster.await(
              "the flask WsgiProcessGroup to turn Ready again",
              Duration.ofMinutes(25),
              run.flask::ready);
          return;
        }
        serve(run);
      } catch (AssertionError | RuntimeException e) {
        run.serveFailed = true;
        throw e;
      }
    }
  }

  @Test
  @Order(1)
  void flaskTurnsReadyAndAnswersThroughTheClusterIp() throws IOException {
    E2eRun run = E2eRun.get();
    Duration took;
    try {
      took = serve(run);
    } catch (AssertionError | RuntimeException e) {
      run.serveFailed = true;
      throw e;
    }
    run.figures.put("flask_apply_to_ready_s", Figures.seconds(took));
    E2eCluster.log("flask Ready " + took.toSeconds() + " s after kubectl apply");

    assertThat(run.flask.readyPods()).hasSize(2);
    // The image's AOT cache mapped in a real pod: it is valid only for the exact class path it
    // was trained with, and the JVM says "[error][aot] ..." and runs without it otherwise (pods
    // then took twice as long to turn Ready).
    for (var pod : run.flask.readyPods()) {
      String log =
          run.cluster
              .client()
              .pods()
              .inNamespace(run.flask.namespace())
              .withName(pod.getMetadata().getName())
              .getLog();
      assertThat(log.lines().filter(l -> l.contains("][aot]")).limit(5))
          .as("JVM AOT cache messages in %s's log", pod.getMetadata().getName())
          .isEmpty();
    }
    var status = run.flask.resource().get("status");
    assertThat(status.path("readyReplicas").asInt()).isEqualTo(2);

    InetSocketAddress service = run.flask.serviceAddress();
    Set<String> servedBy = new HashSet<>();
    for (int i = 0; i < 40; i++) {
      try (HttpConnection c =
          HttpConnection.open(service, Duration.ofSeconds(3), Duration.ofSeconds(10))) {
        HttpConnection.Response r = c.get(ProcessGroupFixture.LOAD_PATH, true);
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.bodyText()).contains("\"items\"").contains("\"total\"");
        assertThat(r.header("x-kubewsgi-served-by")).matches("flask-[a-z0-9-]+/.+/\\d+");
        servedBy.add(r.header("x-kubewsgi-served-by").split("/")[0]);
      }
    }
    // New connections through kube-proxy spread over both pods.
    assertThat(servedBy).hasSize(2);
    try (HttpConnection c =
        HttpConnection.open(service, Duration.ofSeconds(3), Duration.ofSeconds(10))) {
      HttpConnection.Response about = c.get("/about", false);
      assertThat(about.status()).isEqualTo(200);
      assertThat(about.bodyText()).contains("\"preloaded\":true");
      // spec.staticFiles: the stylesheet from the HTTP layer, and a 304 for a current copy.
      HttpConnection.Response css = c.get("/static/shop.css", false);
      assertThat(css.status()).isEqualTo(200);
      assertThat(css.header("content-type")).isEqualTo("text/css; charset=utf-8");
      assertThat(css.header("cache-control")).isEqualTo("public, max-age=3600");
      assertThat(css.header("x-kubewsgi-served-by")).as("no worker serves it").isNull();
      assertThat(css.bodyText()).contains("font-family");
      HttpConnection.Response again =
          c.get("/static/shop.css", true, "If-None-Match: " + css.header("etag"));
      assertThat(again.status()).isEqualTo(304);
    }
  }

  /**
   * The chart is installed with {@code networkPolicy.enabled}: the operator's policy is admitted
   * and selects exactly the group's pods. This cluster's CNI (the bridge plugin) does not enforce
   * policies, so traffic is not tested here (Calico, Cilium, Antrea and kube-router enforce them).
   */
  @Test
  @Order(2)
  void theNetworkPolicyIsAdmittedAndSelectsExactlyTheGroupsPods() {
    E2eRun run = E2eRun.get();
    ensureServing(run);
    var client = run.cluster.client();
    NetworkPolicy policy =
        client
            .network()
            .networkPolicies()
            .inNamespace(run.flask.namespace())
            .withName(ProcessGroupFixture.NAME)
            .get();
    assertThat(policy).as("NetworkPolicy %s", ProcessGroupFixture.NAME).isNotNull();
    Set<String> selected =
        client
            .pods()
            .inNamespace(run.flask.namespace())
            .withLabels(policy.getSpec().getPodSelector().getMatchLabels())
            .list()
            .getItems()
            .stream()
            .map(p -> p.getMetadata().getName())
            .collect(Collectors.toSet());
    Set<String> groupPods =
        run.flask.pods().stream().map(p -> p.getMetadata().getName()).collect(Collectors.toSet());
    assertThat(selected).isNotEmpty().isEqualTo(groupPods);
    assertThat(policy.getSpec().getIngress())
        .extracting(rule -> rule.getPorts().getFirst().getPort().getIntVal())
        .containsExactly(8080, 8081);
    assertThat(policy.getSpec().getIngress().getFirst().getFrom())
        .as("the app port from anywhere")
        .isNullOrEmpty();
    assertThat(policy.getSpec().getIngress().get(1).getFrom())
        .as("the admin port only from the monitoring namespace")
        .isNotEmpty();
  }

  /**
   * What the renderers intend, on the real cluster: the admin port (health, /status, /metrics)
   * answers on the pod's own address, for the kubelet and Prometheus, but the Service does not
   * carry it; and no service-account token reaches the runtime, which never calls the API.
   */
  @Test
  @Order(3)
  void theAdminPortStaysOffTheServiceAndNoTokenIsMounted() throws IOException {
    E2eRun run = E2eRun.get();
    ensureServing(run);
    Pod pod = run.flask.readyPods().getFirst();
    InetSocketAddress admin =
        new InetSocketAddress(pod.getStatus().getPodIP(), ProcessGroupFixture.ADMIN_PORT);
    try (HttpConnection c =
        HttpConnection.open(admin, Duration.ofSeconds(3), Duration.ofSeconds(10))) {
      assertThat(c.get("/healthz/ready", false).status())
          .as("admin port on the pod")
          .isEqualTo(200);
    }
    // What kube-proxy routes for the Service: the ports of its EndpointSlices.
    var slices =
        run.cluster
            .client()
            .discovery()
            .v1()
            .endpointSlices()
            .inNamespace(run.flask.namespace())
            .withLabel("kubernetes.io/service-name", ProcessGroupFixture.NAME)
            .list()
            .getItems();
    assertThat(slices)
        .isNotEmpty()
        .allSatisfy(
            slice ->
                assertThat(slice.getPorts())
                    .extracting(port -> port.getPort())
                    .containsExactly(8080));
    // And the ClusterIP on the admin port does not answer as the runtime's admin port did above.
    // (This machine's network accepts connections to any address and answers 404 itself, so a
    // refused connection cannot be the test.)
    InetSocketAddress service = run.flask.serviceAddress();
    InetSocketAddress throughService =
        new InetSocketAddress(service.getAddress(), ProcessGroupFixture.ADMIN_PORT);
    Integer status = null;
    try (HttpConnection c =
        HttpConnection.open(throughService, Duration.ofSeconds(3), Duration.ofSeconds(3))) {
      status = c.get("/healthz/ready", false).status();
    } catch (IOException refusedOrSilent) {
      // what a cluster network without such a proxy does
    }
    assertThat(status)
        .as("GET /healthz/ready through the Service's ClusterIP, admin port")
        .isNotEqualTo(200);

    for (Pod p : run.flask.pods()) {
      assertThat(p.getSpec().getAutomountServiceAccountToken()).isFalse();
      assertThat(p.getSpec().getVolumes())
          .as("volumes of %s", p.getMetadata().getName())
          .noneMatch(v -> v.getProjected() != null || v.getName().startsWith("kube-api-access"));
      assertThat(p.getSpec().getContainers())
          .flatExtracting(c -> c.getVolumeMounts())
          .extracting(m -> m.getMountPath())
          .noneMatch(path -> path.startsWith("/var/run/secrets/kubernetes.io"));
    }
  }
}
