package dev.kubewsgi.runtime.warmup;

import java.util.List;

/**
 * One warm-up request as every pass sends it: declared in {@code spec.warmup.requests}, or the
 * default GET of a mount. The body and the headers of each client profile are built once, here, not
 * per request sent.
 *
 * @param field where it comes from, for errors and logs
 * @param headerSets per client profile ({@link ClientHeaders}), the headers as sent: name, value,
 *     name, value...; shared by every exchange, never changed
 * @param expectStatus the status required, or null: any status below 500 for a declared request,
 *     any status at all for a default one
 */
public record WarmupRequest(
    String field,
    String method,
    String target,
    List<String[]> headerSets,
    byte[] body,
    int count,
    Integer expectStatus,
    boolean declared) {

  /** The headers of the {@code profile}-th client, rotating over the profiles. */
  String[] headersFor(long profile) {
    return headerSets.get((int) (profile % headerSets.size()));
  }

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
