package dev.kubewsgi.api.spec;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Size;
import java.util.List;

/** Synthetic requests that warm every worker, so that Ready means the JIT has compiled the hot code. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class WarmupSpec {

  @JsonPropertyDescription(
      "Requests each worker runs, in order, before it reports Ready.")
  @Size(max = 32)
  private List<WarmupRequestSpec> requests;

  @JsonPropertyDescription(
      "After the declared counts, keep running the requests in blocks (blockSize requests and at " +
      "least 250 ms each) until the worker is warm: three blocks in a row whose median latency does " +
      "not beat the best block by settleThresholdPercent, with the JIT's compiler threads busy less " +
      "than 10% of those blocks' time. Bounded by maxRequestsPerWorker and timeoutSeconds.")
  @Default("false")
  private boolean untilSettled = false;

  @JsonPropertyDescription(
      "Requests per block when measuring whether latency has settled.")
  @Default("1000")
  @Min(10)
  @Max(100000)
  private Integer blockSize = 1000;

  @JsonPropertyDescription(
      "A block whose median latency is not this much below the best block's so far counts as " +
      "flat.")
  @Default("5")
  @Min(0)
  @Max(100)
  private Integer settleThresholdPercent = 5;

  @JsonPropertyDescription(
      "Upper bound on warm-up requests per worker when untilSettled is true.")
  @Default("200000")
  @Min(0)
  private Integer maxRequestsPerWorker = 200000;

  @JsonPropertyDescription(
      "Upper bound on the whole warm-up. Reaching it ends warm-up, logged, and the pod turns " +
      "Ready. Default: what remains of lifecycle.startupTimeoutSeconds.")
  @Min(1)
  private Integer timeoutSeconds;

  public List<WarmupRequestSpec> getRequests() {
    return requests;
  }

  public void setRequests(List<WarmupRequestSpec> requests) {
    this.requests = requests;
  }

  public boolean isUntilSettled() {
    return untilSettled;
  }

  public void setUntilSettled(boolean untilSettled) {
    this.untilSettled = untilSettled;
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
