package dev.kubewsgi.api.spec;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;

/**
 * Timeouts and recycling of interpreters: mod_wsgi's {@code WSGIDaemonProcess} lifecycle options.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class LifecycleSpec {

  @JsonPropertyDescription(
      "Time a pod has to start its interpreters, run import scripts, load applications and warm "
          + "up (mod_wsgi's startup-timeout). Sizes the startupProbe.")
  @Default("300")
  @Min(10)
  @Max(3600)
  private Integer startupTimeoutSeconds = 300;

  @JsonPropertyDescription(
      "A request running longer is interrupted and answered 504 (mod_wsgi's request-timeout).")
  @Default("60")
  @Min(1)
  @Max(86400)
  private Integer requestTimeoutSeconds = 60;

  @JsonPropertyDescription(
      "A request waiting longer for a free worker thread is answered 503 with Retry-After as its "
          + "time is up, not when a thread frees (mod_wsgi's queue-timeout).")
  @Default("30")
  @Min(1)
  @Max(3600)
  private Integer queueTimeoutSeconds = 30;

  @JsonPropertyDescription(
      "Requests that may wait for a worker thread in each application group of a pod; one more is "
          + "answered 503 with Retry-After at once and counted as shed (mod_wsgi's listen-backlog).")
  @Default("1000")
  @Min(1)
  @Max(1000000)
  private Integer maxQueuedRequests = 1000;

  @JsonPropertyDescription(
      "On shutdown, time in-flight requests have to finish after the drain delay (mod_wsgi's "
          + "graceful-timeout).")
  @Default("30")
  @Min(0)
  @Max(3600)
  private Integer gracefulTimeoutSeconds = 30;

  @JsonPropertyDescription(
      "On SIGTERM, readiness fails at once and the pod keeps serving this long, while endpoints "
          + "stop sending it traffic.")
  @Default("5")
  @Min(0)
  @Max(600)
  private Integer drainDelaySeconds = 5;

  @JsonPropertyDescription(
      "Requests after which a worker is replaced by a fresh, preloaded and warmed interpreter "
          + "(mod_wsgi's maximum-requests). 0 never recycles.")
  @Default("0")
  @Min(0)
  private Integer maximumRequests = 0;

  @JsonPropertyDescription(
      "Each worker's maximumRequests is raised by a random number of requests up to this, so "
          + "that workers started together are not all replaced together (gunicorn's "
          + "max-requests-jitter).")
  @Default("0")
  @Min(0)
  private Integer maximumRequestsJitter = 0;

  @JsonPropertyDescription(
      "Seconds after which a worker is replaced by a warm one, whatever it served (mod_wsgi's "
          + "restart-interval); workers are replaced one at a time. 0 never.")
  @Default("0")
  @Min(0)
  @Max(31536000)
  private Integer restartIntervalSeconds = 0;

  @JsonPropertyDescription(
      "When the Java heap in use after a garbage collection, where every worker's Python objects "
          + "live, passes this many MiB, workers are replaced by warm ones, one at a time and the "
          + "one that served most first, until it falls below (mod_wsgi's memory-limit). 0 never.")
  @Default("0")
  @Min(0)
  @Max(1048576)
  private Integer heapLimitMiB = 0;

  public Integer getStartupTimeoutSeconds() {
    return startupTimeoutSeconds;
  }

  public void setStartupTimeoutSeconds(Integer startupTimeoutSeconds) {
    this.startupTimeoutSeconds = startupTimeoutSeconds;
  }

  public Integer getRequestTimeoutSeconds() {
    return requestTimeoutSeconds;
  }

  public void setRequestTimeoutSeconds(Integer requestTimeoutSeconds) {
    this.requestTimeoutSeconds = requestTimeoutSeconds;
  }

  public Integer getQueueTimeoutSeconds() {
    return queueTimeoutSeconds;
  }

  public void setQueueTimeoutSeconds(Integer queueTimeoutSeconds) {
    this.queueTimeoutSeconds = queueTimeoutSeconds;
  }

  public Integer getMaxQueuedRequests() {
    return maxQueuedRequests;
  }

  public void setMaxQueuedRequests(Integer maxQueuedRequests) {
    this.maxQueuedRequests = maxQueuedRequests;
  }

  public Integer getGracefulTimeoutSeconds() {
    return gracefulTimeoutSeconds;
  }

  public void setGracefulTimeoutSeconds(Integer gracefulTimeoutSeconds) {
    this.gracefulTimeoutSeconds = gracefulTimeoutSeconds;
  }

  public Integer getDrainDelaySeconds() {
    return drainDelaySeconds;
  }

  public void setDrainDelaySeconds(Integer drainDelaySeconds) {
    this.drainDelaySeconds = drainDelaySeconds;
  }

  public Integer getMaximumRequests() {
    return maximumRequests;
  }

  public void setMaximumRequests(Integer maximumRequests) {
    this.maximumRequests = maximumRequests;
  }

  public Integer getMaximumRequestsJitter() {
    return maximumRequestsJitter;
  }

  public void setMaximumRequestsJitter(Integer maximumRequestsJitter) {
    this.maximumRequestsJitter = maximumRequestsJitter;
  }

  public Integer getRestartIntervalSeconds() {
    return restartIntervalSeconds;
  }

  public void setRestartIntervalSeconds(Integer restartIntervalSeconds) {
    this.restartIntervalSeconds = restartIntervalSeconds;
  }

  public Integer getHeapLimitMiB() {
    return heapLimitMiB;
  }

  public void setHeapLimitMiB(Integer heapLimitMiB) {
    this.heapLimitMiB = heapLimitMiB;
  }
}
