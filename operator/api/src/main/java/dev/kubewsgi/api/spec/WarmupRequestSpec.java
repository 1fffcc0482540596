package dev.kubewsgi.api.spec;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import java.util.Map;

/** A synthetic request run through the real request path of every worker before Ready. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class WarmupRequestSpec {

  public static final String DEFAULT_METHOD = "GET";
  public static final int DEFAULT_COUNT = 1000;

  @JsonPropertyDescription("HTTP method.")
  @Default("GET")
  @Pattern("^[A-Z]+$")
  private String method = DEFAULT_METHOD;

  @JsonPropertyDescription(
      "Request target: path and optional query string, such as \"/api/items?page=1\".")
  @Required
  @Pattern("^/")
  private String path;

  @JsonPropertyDescription("Request headers.")
  private Map<String, String> headers;

  @JsonPropertyDescription("Request body, sent as UTF-8.")
  private String body;

  @JsonPropertyDescription(
      "Body size in bytes: body (or \"x\" when unset) repeated to this length, so large uploads are "
          + "warmed without carrying them in the resource. At most limits.maxBodySize.")
  @Min(0)
  @Max(1073741824)
  private Integer bodySize;

  @JsonPropertyDescription("How many times each worker runs this request.")
  @Default("1000")
  @Min(0)
  @Max(1000000)
  private Integer count = DEFAULT_COUNT;

  @JsonPropertyDescription(
      "Status the response must have; any other fails the warm-up. When unset, any status below "
          + "500 is accepted.")
  @Min(100)
  @Max(599)
  private Integer expectStatus;

  public String getMethod() {
    return method;
  }

  public void setMethod(String method) {
    this.method = method;
  }

  public String getPath() {
    return path;
  }

  public void setPath(String path) {
    this.path = path;
  }

  public Map<String, String> getHeaders() {
    return headers;
  }

  public void setHeaders(Map<String, String> headers) {
    this.headers = headers;
  }

  public String getBody() {
    return body;
  }

  public void setBody(String body) {
    this.body = body;
  }

  public Integer getBodySize() {
    return bodySize;
  }

  public void setBodySize(Integer bodySize) {
    this.bodySize = bodySize;
  }

  public Integer getCount() {
    return count;
  }

  public void setCount(Integer count) {
    this.count = count;
  }

  public Integer getExpectStatus() {
    return expectStatus;
  }

  public void setExpectStatus(Integer expectStatus) {
    this.expectStatus = expectStatus;
  }
}
