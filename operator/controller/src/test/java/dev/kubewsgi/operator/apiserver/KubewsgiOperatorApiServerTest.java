package dev.kubewsgi.operator.apiserver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.kubewsgi.api.WsgiProcessGroup;
import dev.kubewsgi.operator.KubewsgiOperator;
import dev.kubewsgi.operator.config.OperatorSettings;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The composition root on a real API server: two replicas with leader election, endpoints, metrics.
 */
class KubewsgiOperatorApiServerTest {

  private static final String NAMESPACE = "operator-test";
  private static KubernetesClient client;

  @BeforeAll
  static void setUp() {
    client = ControlPlane.get().newClient();
    Crds.applyWithNamespace(client, NAMESPACE);
  }

  @AfterAll
  static void tearDown() {
    client.namespaces().withName(NAMESPACE).delete();
    client.close();
  }

  private static KubewsgiOperator start(String podName, AtomicInteger lostLease) throws Exception {
    OperatorSettings settings =
        OperatorSettings.parse(
            new String[] {
              "--namespaces", NAMESPACE, "--leader-election", "true",
              "--leader-election-namespace", NAMESPACE, "--leader-election-lease", "test-leader",
              "--health-port", "0", "--metrics-port", "0"
            },
            Map.of());
    return KubewsgiOperator.start(
        settings,
        ControlPlane.get().newClient(),
        Map.of("POD_NAME", podName),
        lostLease::incrementAndGet);
  }

  private static String holder() {
    Lease lease = client.leases().inNamespace(NAMESPACE).withName("test-leader").get();
    return lease == null ? null : lease.getSpec().getHolderIdentity();
  }

  private static HttpResponse<String> get(int port, String path) throws Exception {
    return HttpClient.newHttpClient()
        .send(
            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build(),
            HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void oneOfTwoReplicasLeadsAndTheOtherTakesOver() throws Exception {
    AtomicInteger lostLease = new AtomicInteger();
    KubewsgiOperator first = start("first", lostLease);
    KubewsgiOperator second = null;
    try {
      await()
          .atMost(Duration.ofSeconds(60))
          .until(() -> holder() != null && holder().startsWith("first-"));
      second = start("second", lostLease);

      // Endpoints of the leader.
      assertThat(get(first.endpoints().healthPort(), "/healthz/live").statusCode()).isEqualTo(200);
      await()
          .atMost(Duration.ofSeconds(60))
          .ignoreExceptions()
          .until(() -> get(first.endpoints().healthPort(), "/healthz/ready").statusCode() == 200);

      // The leader reconciles.
      client.resource(group("led")).inNamespace(NAMESPACE).create();
      await()
          .atMost(Duration.ofSeconds(60))
          .until(
              () ->
                  client.resources(Deployment.class).inNamespace(NAMESPACE).withName("led").get()
                      != null);
      String metrics = get(first.endpoints().metricsPort(), "/metrics").body();
      assertThat(metrics).contains("operator_sdk_").contains("jvm_memory_used_bytes");
      // The group's conditions, read from the leader's cache (refreshed every 15 s).
      await()
          .atMost(Duration.ofSeconds(60))
          .until(
              () ->
                  get(first.endpoints().metricsPort(), "/metrics")
                      .body()
                      .contains(
                          "kubewsgi_process_group_condition{condition=\"Progressing\","
                              + "process_group=\"led\",process_group_namespace=\""
                              + NAMESPACE
                              + "\""));
      assertThat(holder()).startsWith("first-");

      // The leader stops; the second replica takes the Lease and reconciles what comes next.
      first.close();
      await()
          .atMost(Duration.ofSeconds(90))
          .until(() -> holder() != null && holder().startsWith("second-"));
      client.resource(group("taken-over")).inNamespace(NAMESPACE).create();
      await()
          .atMost(Duration.ofSeconds(60))
          .until(
              () ->
                  client
                          .resources(Deployment.class)
                          .inNamespace(NAMESPACE)
                          .withName("taken-over")
                          .get()
                      != null);
      assertThat(lostLease).as("a graceful stop is no lost lease").hasValue(0);
    } finally {
      first.close();
      if (second != null) {
        second.close();
      }
    }
  }

  private static WsgiProcessGroup group(String name) {
    return ProcessGroups.hello(name, 1);
  }
}
