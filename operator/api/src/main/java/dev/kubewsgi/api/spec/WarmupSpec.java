package dev.kubewsgi.api.spec;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Size;
import java.util.List;

/**
 * Synthetic requests that warm every worker, so that Ready means the JIT has compiled the hot code.
 * On by default: a resource without this block warms each application's mount until settled.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class WarmupSpec {

  public static final boolean DEFAULT_ENABLED = true;
  public static final boolean DEFAULT_UNTIL_SETTLED = true;
  public static final int DEFAULT_BLOCK_SIZE = 1000;
  public static final int DEFAULT_SETTLE_THRESHOLD_PERCENT = 5;
  public static final int DEFAULT_MAX_REQUESTS_PER_WORKER = 3_000_000;

  @JsonPropertyDescription(
      "Warm-up runs unless this is false. With false, pods turn Ready with interpreters the JIT "
          + "has not compiled (the first requests are 10-100x slower); the pod's /status and log, the "
          + "resource's Ready condition (reason ReadyWithoutWarmup) and an Event say so.")
  @Default("true")
  private Boolean enabled = DEFAULT_ENABLED;

  @JsonPropertyDescription(
      "Requests each worker runs, in order, before it reports Ready: a worker runs those routed to "
          + "its application group's mounts. When empty, or when none reaches a group, a GET of each "
          + "of the group's mount paths (with a trailing slash) with the warm-up's mix of client "
          + "headers, any status accepted. For a mountPattern application, a GET per script it "
          + "names, built from the pattern when it is literal text and capturing groups each used "
          + "as a $N in the script (\"^/sites/([^/]+)\" warms sites/a.wsgi through /sites/a/); a "
          + "script no path can be built for is warmed only by declared requests (logged).")
  @Size(max = 32)
  private List<WarmupRequestSpec> requests;

  @JsonPropertyDescription(
      "After the declared counts, keep running the requests in blocks (blockSize requests and at "
          + "least 250 ms each) until the worker is warm: three blocks in a row whose median latency does "
          + "not beat the best block by settleThresholdPercent, with the JIT's compiler threads busy less "
          + "than 10% of those blocks' time. Bounded by maxRequestsPerWorker and timeoutSeconds. false "
          + "runs the declared counts only: an explicit choice of a fixed warm-up.")
  @Default("true")
  private Boolean untilSettled = DEFAULT_UNTIL_SETTLED;

  @JsonPropertyDescription("Requests per block when measuring whether latency has settled.")
  @Default("1000")
  @Min(10)
  @Max(100000)
  private Integer blockSize = DEFAULT_BLOCK_SIZE;

  @JsonPropertyDescription(
      "A block whose median latency is not this much below the best block's so far counts as "
          + "flat.")
  @Default("5")
  @Min(0)
  @Max(100)
  private Integer settleThresholdPercent = DEFAULT_SETTLE_THRESHOLD_PERCENT;

  @JsonPropertyDescription(
      "Upper bound on warm-up requests per worker when untilSettled is true. High enough that the "
          + "time bound, not this count, ends an unsettled warm-up: a plain app needs 400-700k requests.")
  @Default("3000000")
  @Min(0)
  private Integer maxRequestsPerWorker = DEFAULT_MAX_REQUESTS_PER_WORKER;

  @JsonPropertyDescription(
      "Upper bound on the whole warm-up. Reaching it ends warm-up, logged, and the pod turns "
          + "Ready. Default: what remains of lifecycle.startupTimeoutSeconds.")
  @Min(1)
  private Integer timeoutSeconds;

  public Boolean getEnabled() {
    return enabled;
  }

  public void setEnabled(Boolean enabled) {
    this.enabled = enabled;
  }

  /** Whether warm-up runs: unset counts as the default, on. */
  public boolean enabled() {
    return enabled == null ? DEFAULT_ENABLED : enabled;
  }

  public List<WarmupRequestSpec> getRequests() {
    return requests;
  }

  public void setRequests(List<WarmupRequestSpec> requests) {
    this.requests = requests;
  }

  public Boolean getUntilSettled() {
    return untilSettled;
  }

  public void setUntilSettled(Boolean untilSettled) {
    this.untilSettled = untilSettled;
  }

  /** Whether warm-up runs until settled: unset counts as the default, yes. */
  public boolean untilSettled() {
    return untilSettled == null ? DEFAULT_UNTIL_SETTLED : untilSettled;
  }

  public Integer getBlockSize() {
    return blockSize;
  }

  public void setBlockSize(Integer blockSize) {
    this.blockSize = blockSize;
  }

  public Integer getSettleThresholdPercent() {
    return settleThresholdPercent;
  }

  public void setSettleThresholdPercent(Integer settleThresholdPercent) {
    this.settleThresholdPercent = settleThresholdPercent;
  }

  public Integer getMaxRequestsPerWorker() {
    return maxRequestsPerWorker;
  }

  public void setMaxRequestsPerWorker(Integer maxRequestsPerWorker) {
    this.maxRequestsPerWorker = maxRequestsPerWorker;
  }

  public Integer getTimeoutSeconds() {
    return timeoutSeconds;
  }

  public void setTimeoutSeconds(Integer timeoutSeconds) {
    this.timeoutSeconds = timeoutSeconds;
  }
}
