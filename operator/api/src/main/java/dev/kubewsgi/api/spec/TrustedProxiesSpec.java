package dev.kubewsgi.api.spec;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;
import java.util.List;

/**
 * The proxies whose forwarding headers are believed: mod_wsgi's {@code WSGITrustedProxies} and
 * {@code WSGITrustedProxyHeaders}, gunicorn's {@code forwarded_allow_ips}.
 */
@ValidationRule(
    value = "!has(self.addresses) || self.addresses.all(a, isIP(a) || isCIDR(a))",
    fieldPath = ".addresses",
    // The first bad one only: join() over the list is beyond the API server's cost budget.
    messageExpression =
        "'addresses must be IP addresses or CIDRs, not: ' + self.addresses.filter(a, !(isIP(a) ||"
            + " isCIDR(a)))[0]")
@JsonInclude(JsonInclude.Include.NON_NULL)
public class TrustedProxiesSpec {

  /** The header sets a proxy may use to say who its client was. */
  public enum Headers {
    /** X-Forwarded-For, X-Forwarded-Proto, X-Forwarded-Host and X-Forwarded-Port. */
    XForwarded,
    /** RFC 7239's Forwarded header (for=, proto=, host=). */
    Forwarded
  }

  public static final List<String> DEFAULT_ADDRESSES = List.of("127.0.0.1", "::1");

  @JsonPropertyDescription(
      "Peers, as IP addresses or CIDRs, whose forwarding headers set REMOTE_ADDR, "
          + "wsgi.url_scheme, HTTP_HOST, SERVER_NAME and SERVER_PORT. The client is the rightmost "
          + "forwarded address that is not itself trusted. From any other peer the headers reach the "
          + "application untouched and change nothing. Behind an Ingress, list the Ingress "
          + "controller's pod network (the cluster's pod CIDR, e.g. 10.244.0.0/16) or its pods' "
          + "addresses. Default: 127.0.0.1 and ::1.")
  @Default("[\"127.0.0.1\", \"::1\"]")
  // Bounded items keep the CEL rule within the API server's cost budget (an IPv6 CIDR is <= 43).
  @Size(max = 64)
  private List<@Size(max = 64) String> addresses = DEFAULT_ADDRESSES;

  @JsonPropertyDescription(
      "Which headers a trusted proxy's statement is read from: XForwarded (X-Forwarded-For, "
          + "-Proto, -Host, -Port) or Forwarded (RFC 7239). The other set is left to the application.")
  @Default("XForwarded")
  private Headers headers = Headers.XForwarded;

  public List<String> getAddresses() {
    return addresses;
  }

  public void setAddresses(List<String> addresses) {
    this.addresses = addresses;
  }

  public Headers getHeaders() {
    return headers;
  }

  public void setHeaders(Headers headers) {
    this.headers = headers;
  }
}
