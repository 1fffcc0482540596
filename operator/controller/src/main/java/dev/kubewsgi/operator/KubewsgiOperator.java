package dev.kubewsgi.operator;

import dev.kubewsgi.operator.config.OperatorSettings;
import dev.kubewsgi.operator.dependent.SettingsAwareDependentFactory;
import dev.kubewsgi.operator.endpoints.OperatorEndpoints;
import dev.kubewsgi.operator.reconciler.WsgiProcessGroupReconciler;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.javaoperatorsdk.operator.Operator;
import io.javaoperatorsdk.operator.api.config.LeaderElectionConfiguration;
import io.javaoperatorsdk.operator.monitoring.micrometer.MicrometerMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The operator's composition root: reads its settings, builds the client, the metrics registry and
 * the JOSDK {@link Operator} with leader election, registers the reconciler for the watched
 * namespaces and serves health and metrics.
 */
public final class KubewsgiOperator implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(KubewsgiOperator.class);

  private final Operator operator;
  private final OperatorEndpoints endpoints;

  private KubewsgiOperator(Operator operator, OperatorEndpoints endpoints) {
    this.operator = operator;
    this.endpoints = endpoints;
  }

  public static void main(String[] args) throws IOException {
    OperatorSettings settings;
    try {
      if (args.length == 1 && (args[0].equals("--help") || args[0].equals("-h"))) {
        System.out.print(OperatorSettings.help());
        return;
      }
      settings = OperatorSettings.parse(args, System.getenv());
    } catch (IllegalArgumentException e) {
      System.err.println("kubewsgi-operator: " + e.getMessage());
      System.exit(2);
      return;
    }
    KubewsgiOperator running = start(settings, new KubernetesClientBuilder().build(), System.getenv());
    Runtime.getRuntime().addShutdownHook(new Thread(running::close, "kubewsgi-operator-shutdown"));
  }

  /** Starts reconciling with the given client; {@link #close()} stops. */
  public static KubewsgiOperator start(
      OperatorSettings settings, KubernetesClient client, Map<String, String> env)
      throws IOException {
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    new JvmMemoryMetrics().bindTo(registry);
    new JvmGcMetrics().bindTo(registry);
    new JvmThreadMetrics().bindTo(registry);

    Operator operator =
        new Operator(
            o -> {
              o.withKubernetesClient(client)
                  .withMetrics(MicrometerMetrics.withoutPerResourceMetrics(registry))
                  .withConcurrentReconciliationThreads(settings.reconcileThreads())
                  .withDependentResourceFactory(
                      new SettingsAwareDependentFactory(settings.renderSettings()))
                  .withCloseClientOnStop(true);
              if (settings.leaderElection()) {
                String namespace = settings.leaseNamespace().isEmpty()
                    ? env.getOrDefault("POD_NAMESPACE", "")
                    : settings.leaseNamespace();
                o.withLeaderElectionConfiguration(
                    namespace.isEmpty()
                        ? new LeaderElectionConfiguration(settings.leaseName())
                        : new LeaderElectionConfiguration(settings.leaseName(), namespace));
              }
            });
    operator.register(
        new WsgiProcessGroupReconciler(),
        config -> {
          if (settings.watchedNamespaces().isEmpty()) {
            config.watchingAllNamespaces();
          } else {
            config.settingNamespaces(settings.watchedNamespaces());
          }
        });
    OperatorEndpoints endpoints =
        OperatorEndpoints.start(
            settings.healthPort(),
            settings.metricsPort(),
            () -> operator.getRuntimeInfo().isStarted()
                && operator.getRuntimeInfo().allEventSourcesAreHealthy(),
            registry::scrape);
    operator.start();
    LOG.info(
        "kubewsgi operator started: namespaces {}, leader election {}, health port {}, metrics port {}",
        settings.watchedNamespaces().isEmpty() ? "all" : settings.watchedNamespaces(),
        settings.leaderElection(),
        endpoints.healthPort(),
        endpoints.metricsPort());
    return new KubewsgiOperator(operator, endpoints);
  }

  public OperatorEndpoints endpoints() {
    return endpoints;
  }

  @Override
  public void close() {
    operator.stop();
    endpoints.close();
  }
}
