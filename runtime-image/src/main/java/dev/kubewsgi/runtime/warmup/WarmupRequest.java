package dev.kubewsgi.runtime.warmup;

import java.util.Map;

/**
 * One warm-up request as every pass sends it: declared in {@code spec.warmup.requests}, or the
 * default GET of a mount. The body is built once, here, whatever its declared size.
 *
 * @param field where it comes from, for errors and logs
 * @param expectStatus the status required, or null: any status below 500 for a declared request,
 *     any status at all for a default one
 */
public record WarmupRequest(
    String field,
    String method,
    String target,
    Map<String, String> headers,
    byte[] body,
    int count,
    Integer expectStatus,
    boolean declared) {

  public boolean isHead() {
    return method.equals("HEAD");
  }

  /**
   * Whether {@code status} passes: declared requests fail warm-up on a 5xx or an unexpected status.
   */
  public boolean accepts(int status) {
    if (expectStatus != null) {
      return status == expectStatus;
    }
    return declared ? status > 0 && status < 500 : status > 0;
  }

  public String describe() {
    return field + " (" + method + " " + target + ")";
  }
}
