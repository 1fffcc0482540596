package dev.kubewsgi.operator;

import dev.kubewsgi.operator.config.OperatorSettings;
import dev.kubewsgi.operator.dependent.SettingsAwareDependentFactory;
import dev.kubewsgi.operator.endpoints.OperatorEndpoints;
import dev.kubewsgi.operator.reconciler.WsgiProcessGroupReconciler;
import dev.kubewsgi.operator.status.ConditionMetrics;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.extended.leaderelection.LeaderCallbacks;
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
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
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
  private final ConditionMetrics conditionMetrics;
  private final AtomicBoolean closing;

  private KubewsgiOperator(
      Operator operator,
      OperatorEndpoints endpoints,
      ConditionMetrics conditionMetrics,
      AtomicBoolean closing) {
    this.operator = operator;
    this.endpoints = endpoints;
    this.conditionMetrics = conditionMetrics;
    this.closing = closing;
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
    KubewsgiOperator running;
    try {
      running =
          start(
              settings,
              new KubernetesClientBuilder().build(),
              System.getenv(),
              // Off the calling thread: System.exit waits for the shutdown hooks, which stop us.
              () -> new Thread(() -> System.exit(1), "lost-lease-exit").start());
    } catch (RuntimeException e) {
      // An API server away at start (a restart during an outage) fails the informers' first list.
      // Other threads (endpoints, leader election) would keep the half-started JVM alive, never
      // Ready and never restarted: exit, and the kubelet starts it again.
      LOG.error("cannot start the operator; exiting", e);
      System.exit(1);
      return;
    }
    Runtime.getRuntime().addShutdownHook(new Thread(running::close, "kubewsgi-operator-shutdown"));
  }

  /**
   * Starts reconciling with the given client; {@link #close()} stops.
   *
   * @param onLostLease runs when another replica took the Lease while this one was leading (not
   *     when this one is closed): the process must stop reconciling, in production by exiting
   */
  public static KubewsgiOperator start(
      OperatorSettings settings,
      KubernetesClient client,
      Map<String, String> env,
      Runnable onLostLease)
      throws IOException {
    AtomicBoolean closing = new AtomicBoolean();
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
                o.withLeaderElectionConfiguration(
                    leaderElection(settings, env, closing, onLostLease));
              }
            });
    ConditionMetrics conditionMetrics = new ConditionMetrics(registry);
    operator.register(
        new WsgiProcessGroupReconciler(conditionMetrics),
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
            () ->
                operator.getRuntimeInfo().isStarted()
                    && operator.getRuntimeInfo().allEventSourcesAreHealthy(),
            registry::scrape);
    operator.start();
    LOG.info(
        "kubewsgi operator started: namespaces {}, leader election {}, health port {}, metrics port {}",
        settings.watchedNamespaces().isEmpty() ? "all" : settings.watchedNamespaces(),
        settings.leaderElection(),
        endpoints.healthPort(),
        endpoints.metricsPort());
    return new KubewsgiOperator(operator, endpoints, conditionMetrics, closing);
  }

  // JOSDK's own exit-on-stop-leading would also fire on a graceful stop, inside a shutdown hook.
  private static LeaderElectionConfiguration leaderElection(
      OperatorSettings settings,
      Map<String, String> env,
      AtomicBoolean closing,
      Runnable onLostLease) {
    String namespace =
        settings.leaseNamespace().isEmpty() ? env.get("POD_NAMESPACE") : settings.leaseNamespace();
    String identity =
        env.getOrDefault("POD_NAME", env.getOrDefault("HOSTNAME", "kubewsgi-operator"))
            + "-"
            + UUID.randomUUID().toString().substring(0, 8);
    LeaderCallbacks callbacks =
        new LeaderCallbacks(
            () -> LOG.info("leading: this replica ({}) reconciles", identity),
            () -> {
              if (!closing.get()) {
                LOG.error("lost the Lease {} to another replica; stopping", settings.leaseName());
                onLostLease.run();
              }
            },
            leader -> LOG.info("leader is {}", leader));
    return new LeaderElectionConfiguration(
        settings.leaseName(),
        namespace == null || namespace.isEmpty() ? null : namespace,
        LeaderElectionConfiguration.LEASE_DURATION_DEFAULT_VALUE,
        LeaderElectionConfiguration.RENEW_DEADLINE_DEFAULT_VALUE,
        LeaderElectionConfiguration.RETRY_PERIOD_DEFAULT_VALUE,
        identity,
        callbacks,
        false);
  }

  public OperatorEndpoints endpoints() {
    return endpoints;
  }

  @Override
  public void close() {
    closing.set(true);
    operator.stop();
    endpoints.close();
    conditionMetrics.close();
  }
}
