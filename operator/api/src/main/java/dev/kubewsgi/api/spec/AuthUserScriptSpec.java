package dev.kubewsgi.api.spec;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;

/**
 * The authentication hook, mod_wsgi's {@code WSGIAuthUserScript} with Apache's {@code AuthType} and
 * {@code AuthName}: {@code check_password(environ, user, password)} for HTTP Basic.
 */
@ValidationRule(
    value = "!has(self.provider) || self.provider != 'digest'",
    fieldPath = ".provider",
    message = AuthUserScriptSpec.DIGEST_RULE)
@JsonInclude(JsonInclude.Include.NON_NULL)
public class AuthUserScriptSpec extends AuthScriptSpec {

  public static final String BASIC = "basic";

  /** The CEL rule's message, shared with SpecValidator's Java check. */
  public static final String DIGEST_RULE =
      "provider digest (get_realm_hash) is not supported yet; use basic";

  @JsonPropertyDescription(
      "Authentication scheme, Apache's AuthType: basic (the script defines check_password(environ,"
          + " user, password), which returns True, False for a wrong password, or None for an "
          + "unknown user). digest (get_realm_hash) is reserved and refused for now.")
  @Default(BASIC)
  @Pattern("^(basic|digest)$")
  private String provider = BASIC;

  @JsonPropertyDescription(
      "Realm sent in the challenge, Apache's AuthName: a 401 carries WWW-Authenticate: Basic "
          + "realm=\"<realm>\".")
  @Required
  @Size(min = 1, max = 256)
  @Pattern("^[^\"\\\\\\x00-\\x1f\\x7f]+$")
  private String realm;

  public String getProvider() {
    return provider;
  }

  public void setProvider(String provider) {
    this.provider = provider;
  }

  public String getRealm() {
    return realm;
  }

  public void setRealm(String realm) {
    this.realm = realm;
  }
}
