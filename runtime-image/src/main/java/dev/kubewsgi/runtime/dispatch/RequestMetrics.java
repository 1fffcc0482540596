package dev.kubewsgi.runtime.dispatch;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/** Request counters and the latency histogram, per application group and status class. */
public final class RequestMetrics {

  private final MeterRegistry registry;
  private final ConcurrentMap<String, Timer> timers = new ConcurrentHashMap<>();
  private final ConcurrentMap<String, Timer> staticTimers = new ConcurrentHashMap<>();
  private final ConcurrentMap<String, Counter> rejected = new ConcurrentHashMap<>();

  public RequestMetrics(MeterRegistry registry) {
    this.registry = registry;
  }

  public MeterRegistry registry() {
    return registry;
  }

  void served(String group, int status, long nanos) {
    String statusClass = statusClass(status);
    timers
        .computeIfAbsent(
            group + "\0" + statusClass,
            k ->
                Timer.builder("kubewsgi.requests")
                    .description("Requests served by the applications, by group and status class")
                    .tag("group", group)
                    .tag("status", statusClass)
                    .publishPercentileHistogram()
                    .minimumExpectedValue(Duration.ofNanos(20_000))
                    .maximumExpectedValue(Duration.ofSeconds(60))
                    .register(registry))
        .record(nanos, java.util.concurrent.TimeUnit.NANOSECONDS);
  }

  void servedStatic(String mount, int status, long nanos) {
    String statusClass = statusClass(status);
    staticTimers
        .computeIfAbsent(
            mount + "\0" + statusClass,
            k ->
                Timer.builder("kubewsgi.static.requests")
                    .description(
                        "Requests for static files, by mount and status class: the time to answer"
                            + " them, the file's bytes then go out by sendfile")
                    .tag("mount", mount)
                    .tag("status", statusClass)
                    .register(registry))
        .record(nanos, java.util.concurrent.TimeUnit.NANOSECONDS);
  }

  private static String statusClass(int status) {
    return status <= 0 ? "none" : (status / 100) + "xx";
  }

  void rejected(String reason) {
    rejected
        .computeIfAbsent(
            reason,
            r ->
                Counter.builder("kubewsgi.requests.rejected")
                    .description(
                        "Requests answered by the runtime itself: a refused path, no mount, queue full, queue timeout, request timeout")
                    .tag("reason", r)
                    .register(registry))
        .increment();
  }
}
