package dev.kubewsgi.api.spec;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;

/**
 * Limits on what a client may send; a request over a limit gets 400, 408, 413 or 431, and other
 * clients are served.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class RequestLimitsSpec {

  @JsonPropertyDescription("Longest request line, in bytes (414 beyond).")
  @Default("8192")
  @Min(256)
  @Max(1048576)
  private Integer maxRequestLineLength = 8192;

  @JsonPropertyDescription("Largest total size of the request headers, in bytes (431 beyond).")
  @Default("16384")
  @Min(1024)
  @Max(1048576)
  private Integer maxHeaderSize = 16384;

  @JsonPropertyDescription("Largest request body, in bytes (413 beyond).")
  @Default("10485760")
  @Min(0)
  private Long maxBodySize = 10485760L;

  @JsonPropertyDescription(
      "A client that sends its request head or body slower than this gets 408.")
  @Default("30")
  @Min(1)
  @Max(3600)
  private Integer clientTimeoutSeconds = 30;

  @JsonPropertyDescription("An idle keep-alive connection is closed after this long.")
  @Default("75")
  @Min(1)
  @Max(3600)
  private Integer keepAliveTimeoutSeconds = 75;

  public Integer getMaxRequestLineLength() {
    return maxRequestLineLength;
  }

  public void setMaxRequestLineLength(Integer maxRequestLineLength) {
    this.maxRequestLineLength = maxRequestLineLength;
  }

  public Integer getMaxHeaderSize() {
    return maxHeaderSize;
  }

  public void setMaxHeaderSize(Integer maxHeaderSize) {
    this.maxHeaderSize = maxHeaderSize;
  }

  public Long getMaxBodySize() {
    return maxBodySize;
  }

  public void setMaxBodySize(Long maxBodySize) {
    this.maxBodySize = maxBodySize;
  }

  public Integer getClientTimeoutSeconds() {
    return clientTimeoutSeconds;
  }

  public void setClientTimeoutSeconds(Integer clientTimeoutSeconds) {
    this.clientTimeoutSeconds = clientTimeoutSeconds;
  }

  public Integer getKeepAliveTimeoutSeconds() {
    return keepAliveTimeoutSeconds;
  }

  public void setKeepAliveTimeoutSeconds(Integer keepAliveTimeoutSeconds) {
    this.keepAliveTimeoutSeconds = keepAliveTimeoutSeconds;
  }
}
