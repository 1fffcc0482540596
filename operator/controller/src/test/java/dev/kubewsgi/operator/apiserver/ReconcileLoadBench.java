package dev.kubewsgi.operator.apiserver;

import dev.kubewsgi.api.WsgiProcessGroup;
import dev.kubewsgi.operator.KubewsgiOperator;
import dev.kubewsgi.operator.config.OperatorSettings;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * Not part of the suite (run by hand, see operator/README.md): 500 process groups created at once
 * against the real control plane; prints how long until every one is reconciled and the operator's
 * heap. Nothing here asserts on time.
 */
class ReconcileLoadBench {

  static final int GROUPS = Integer.getInteger("kubewsgi.bench.groups", 500);
  static final String NAMESPACE = "bench";

  @Test
  void fiveHundredGroupsAtOnce() throws Exception {
    ControlPlane controlPlane = ControlPlane.get();
    try (KubernetesClient client = controlPlane.newClient()) {
      Crds.applyWithNamespace(client, NAMESPACE);
      MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
      System.gc();
      long heapBefore = memory.getHeapMemoryUsage().getUsed();

      OperatorSettings settings =
          OperatorSettings.parse(
              new String[] {"--health-port", "0", "--metrics-port", "0"}, Map.of());
      try (KubewsgiOperator operator =
          KubewsgiOperator.start(settings, controlPlane.newClient(), Map.of(), () -> {})) {
        long t0 = System.nanoTime();
        ExecutorService pool = Executors.newFixedThreadPool(16);
        IntStream.range(0, GROUPS)
            .forEach(
                i ->
                    pool.submit(
                        () ->
                            client.resource(group("bench-" + i)).inNamespace(NAMESPACE).create()));
        pool.shutdown();
        pool.awaitTermination(10, TimeUnit.MINUTES);
        long created = System.nanoTime();

        long deployments = 0;
        long reconciled = 0;
        while (reconciled < GROUPS || deployments < GROUPS) {
          Thread.sleep(200);
          deployments =
              client.resources(Deployment.class).inNamespace(NAMESPACE).list().getItems().size();
          reconciled =
              client
                  .resources(WsgiProcessGroup.class)
                  .inNamespace(NAMESPACE)
                  .list()
                  .getItems()
                  .stream()
                  .filter(
                      g -> g.getStatus() != null && g.getStatus().getObservedGeneration() != null)
                  .count();
          if (System.nanoTime() - t0 > TimeUnit.MINUTES.toNanos(15)) {
            throw new IllegalStateException("not reconciled after 15 minutes: " + reconciled);
          }
        }
        long done = System.nanoTime();
        System.gc();
        long heapAfter = memory.getHeapMemoryUsage().getUsed();

        String metrics =
            HttpClient.newHttpClient()
                .send(
                    HttpRequest.newBuilder(
                            URI.create(
                                "http://127.0.0.1:"
                                    + operator.endpoints().metricsPort()
                                    + "/metrics"))
                        .build(),
                    HttpResponse.BodyHandlers.ofString())
                .body();
        System.out.printf(
            "%n=== %d WsgiProcessGroups created at once ===%n"
                + "creating them took            %6.1f s%n"
                + "until all reconciled (status) %6.1f s after the first create%n"
                + "heap used after GC            %6.1f MiB (before the operator started: %.1f MiB,"
                + " this JVM also holds the test's client)%n"
                + "control plane startup         %6.1f s%n",
            GROUPS,
            (created - t0) / 1e9,
            (done - t0) / 1e9,
            heapAfter / 1048576.0,
            heapBefore / 1048576.0,
            controlPlane.startup().toMillis() / 1000.0);
        // JOSDK's reconcile timer (the workflow plus status) and its failure/retry counters.
        metrics
            .lines()
            .filter(
                l ->
                    l.startsWith("operator_sdk_controllers_execution_reconcile")
                        || l.startsWith("operator_sdk_reconciliations"))
            .filter(l -> !l.contains("_bucket{"))
            .forEach(System.out::println);
      } finally {
        client.namespaces().withName(NAMESPACE).delete();
      }
    }
  }

  private static WsgiProcessGroup group(String name) {
    WsgiProcessGroup group = ProcessGroups.hello(name, 1);
    group.getMetadata().setNamespace(NAMESPACE);
    return group;
  }
}
