package dev.kubewsgi.operator.status;

import dev.kubewsgi.api.WsgiProcessGroup;
import io.fabric8.kubernetes.api.model.Condition;
import io.javaoperatorsdk.operator.processing.event.source.IndexerResourceCache;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code kubewsgi_process_group_condition}: 1 or 0 per condition of every WsgiProcessGroup in the
 * operator's cache, with its reason, so alerts can fire on a Degraded group or a stalled rollout.
 * Read from the cache every 15 s: a deleted group's series goes with it, and a replica that does
 * not lead (no cache) exports none.
 */
public final class ConditionMetrics implements AutoCloseable {

  static final String NAME = "kubewsgi.process.group.condition";
  private static final Logger LOG = LoggerFactory.getLogger(ConditionMetrics.class);
  private static final long REFRESH_SECONDS = 15;

  private final MultiGauge gauge;
  private final ScheduledExecutorService refresher =
      Executors.newSingleThreadScheduledExecutor(
          r -> Thread.ofPlatform().daemon().name("kubewsgi-condition-metrics").unstarted(r));
  private volatile IndexerResourceCache<WsgiProcessGroup> groups;

  public ConditionMetrics(MeterRegistry registry) {
    this.gauge =
        MultiGauge.builder(NAME)
            .description(
                "1 when the condition of the WsgiProcessGroup is True, 0 otherwise; reason as reported")
            .register(registry);
    refresher.scheduleWithFixedDelay(this::refresh, 1, REFRESH_SECONDS, TimeUnit.SECONDS);
  }

  /** The operator's cache of WsgiProcessGroups, once its controller has one. */
  public void watch(IndexerResourceCache<WsgiProcessGroup> cache) {
    this.groups = cache;
  }

  // An exception would end a scheduled task's repeats silently: log it and go on.
  private void refresh() {
    IndexerResourceCache<WsgiProcessGroup> cache = groups;
    if (cache == null) {
      return;
    }
    try {
      publish(cache.list().toList());
    } catch (RuntimeException e) {
      LOG.warn("cannot publish the WsgiProcessGroups' conditions as metrics", e);
    }
  }

  /** Replaces every series with those of {@code groups}. */
  void publish(List<WsgiProcessGroup> groups) {
    gauge.register(rows(groups), true);
  }

  // Tags avoid "namespace": Prometheus sets that label to the operator pod's own namespace.
  private static List<MultiGauge.Row<?>> rows(List<WsgiProcessGroup> groups) {
    List<MultiGauge.Row<?>> rows = new ArrayList<>();
    for (WsgiProcessGroup group : groups) {
      if (group.getStatus() == null) {
        continue;
      }
      for (Condition c : group.getStatus().getConditions()) {
        rows.add(
            MultiGauge.Row.of(
                Tags.of(
                    "process_group_namespace", group.getMetadata().getNamespace(),
                    "process_group", group.getMetadata().getName(),
                    "condition", c.getType(),
                    "reason", c.getReason() == null ? "" : c.getReason()),
                "True".equals(c.getStatus()) ? 1 : 0));
      }
    }
    return rows;
  }

  @Override
  public void close() {
    refresher.shutdownNow();
  }
}
