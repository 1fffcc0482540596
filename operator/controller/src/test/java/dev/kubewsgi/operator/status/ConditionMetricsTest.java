package dev.kubewsgi.operator.status;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kubewsgi.api.WsgiProcessGroup;
import dev.kubewsgi.operator.Fixtures;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ConditionMetricsTest {

  private static final Instant T0 = Instant.parse("2026-12-07T00:00:00Z");

  private static WsgiProcessGroup broken() {
    WsgiProcessGroup group = Fixtures.group("full");
    group.setStatus(
        StatusAggregator.aggregate(
            group,
            DeploymentObserver.observe(
                StatusAggregatorTest.deployment(3, 2, 1, 1, 1, "True:ReplicaSetUpdated")),
            Optional.of(
                new PodFailure("ImportScriptFailed", "pod shop-1: preload.py:3: NameError")),
            T0));
    return group;
  }

  @Test
  void eachConditionOfEachGroupIsASeriesAndADeletedGroupsGoes() {
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    try (ConditionMetrics metrics = new ConditionMetrics(registry)) {
      WsgiProcessGroup group = broken();
      WsgiProcessGroup noStatusYet = Fixtures.group("hello");
      metrics.publish(List.of(group, noStatusYet));

      String scrape = registry.scrape();
      String ns = group.getMetadata().getNamespace();
      assertThat(scrape)
          .contains(
              "kubewsgi_process_group_condition{condition=\"Degraded\",process_group=\"shop\","
                  + "process_group_namespace=\""
                  + ns
                  + "\",reason=\"ImportScriptFailed\"} 1")
          .contains("condition=\"Stalled\",process_group=\"shop\"")
          .doesNotContain("process_group=\"hello\"");
      assertThat(scrape.lines().filter(l -> l.startsWith("kubewsgi_process_group_condition{")))
          .hasSize(group.getStatus().getConditions().size());

      metrics.publish(List.of());
      assertThat(registry.scrape()).doesNotContain("kubewsgi_process_group_condition{");
    }
  }
}
