package dev.kubewsgi.runtime.dispatch;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kubewsgi.runtime.accesslog.AccessLog;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.junit.jupiter.api.Test;

/** lifecycle.maximumRequestsJitter spreads the workers' limits (no interpreter needed). */
class MaximumRequestsJitterTest {

  private static Worker worker(long maximumRequests, long jitter, ScheduledExecutorService timers) {
    DispatchSettings settings =
        new DispatchSettings(
            Duration.ofSeconds(5),
            1000,
            Duration.ofSeconds(60),
            maximumRequests,
            jitter,
            null,
            TrustedProxies.of(null),
            AccessLog.OFF);
    return new Worker(
        null,
        1,
        1,
        settings,
        new RequestMetrics(new SimpleMeterRegistry()),
        new RequestTimeouts(timers, Duration.ofSeconds(60)));
  }

  @Test
  void eachWorkerGetsALimitBetweenTheMaximumAndTheMaximumPlusTheJitter() {
    ScheduledExecutorService timers = Executors.newSingleThreadScheduledExecutor();
    try {
      Set<Long> limits = new HashSet<>();
      for (int i = 0; i < 200; i++) {
        long limit = worker(100, 50, timers).maximumRequests();
        assertThat(limit).isBetween(100L, 150L);
        limits.add(limit);
      }
      assertThat(limits).hasSizeGreaterThan(10);
      assertThat(worker(100, 0, timers).maximumRequests()).isEqualTo(100);
      assertThat(worker(0, 50, timers).maximumRequests()).as("0 never recycles").isZero();
    } finally {
      timers.shutdownNow();
    }
  }
}
