package dev.kubewsgi.api.spec;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;

/** One line per request on stdout, like Apache's {@code CustomLog}. */
@ValidationRule(
    value =
        "!has(self.format) || self.format == 'combined' || self.format == 'json' ||"
            + " self.format.matches('"
            + AccessLogSpec.FORMAT_PATTERN
            + "')",
    fieldPath = ".format",
    message = AccessLogSpec.FORMAT_RULE)
@JsonInclude(JsonInclude.Include.NON_NULL)
public class AccessLogSpec {

  public static final String COMBINED = "combined";
  public static final String JSON = "json";

  // One directive; no backslashes, so the same text is a Java and a CEL (RE2) expression.
  private static final String DIRECTIVE = "%(>?[halutrmUqHsbBDTP]|[{][A-Za-z0-9-]+[}]i|[{]c[}]a)";

  /** A format string: text, {@code %%}, and at least one directive. */
  public static final String FORMAT_PATTERN =
      "^([^%]|%%)*" + DIRECTIVE + "([^%]|%%|" + DIRECTIVE + ")*$";

  public static final String FORMAT_RULE =
      "format must be combined, json, or an Apache LogFormat string with at least one of %h %a"
          + " %{c}a %l %u %t %r %m %U %q %H %s %>s %b %B %D %T %P %{Header}i (%% is a percent"
          + " sign)";

  @JsonPropertyDescription(
      "Writes the access log unless this is false. Warm-up requests are never logged.")
  @Default("true")
  private Boolean enabled = true;

  @JsonPropertyDescription(
      "combined (default): Apache's combined format followed by the duration in microseconds and "
          + "the worker that served the request (%h %l %u %t \"%r\" %>s %b \"%{Referer}i\" "
          + "\"%{User-Agent}i\" %D %P); json: one JSON object per line; or an Apache LogFormat "
          + "string of %h and %a (client address, as trusted proxies tell it) %{c}a (peer address) %l "
          + "%u (the user the auth hooks authenticated, else -) %t (time received) %r (request "
          + "line) %m "
          + "%U (path) %q (?query) %H (protocol) %s and %>s (status) %b and %B (body bytes) %D "
          + "(microseconds) %T (seconds) %P (worker) and %{Header}i (a request header).")
  @Default("combined")
  @Size(min = 1, max = 1024)
  private String format = COMBINED;

  public Boolean getEnabled() {
    return enabled;
  }

  public void setEnabled(Boolean enabled) {
    this.enabled = enabled;
  }

  public String getFormat() {
    return format;
  }

  public void setFormat(String format) {
    this.format = format;
  }
}
