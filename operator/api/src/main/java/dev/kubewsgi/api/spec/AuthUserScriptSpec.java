package dev.kubewsgi.api.spec;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;

/**
 * The authentication hook, mod_wsgi's {@code WSGIAuthUserScript} with Apache's {@code AuthType} and
 * {@code AuthName}: {@code check_password(environ, user, password)} for HTTP Basic, {@code
 * get_realm_hash(environ, user, realm)} for Digest.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class AuthUserScriptSpec extends AuthScriptSpec {

  public static final String BASIC = "basic";

  @JsonPropertyDescription(
      "Authentication scheme, Apache's AuthType. basic: the script defines check_password(environ,"
          + " user, password), which returns True, False for a wrong password, or None for an "
          + "unknown user. digest (RFC 7616, MD5, qop auth, as Apache's mod_auth_digest): the "
          + "script defines get_realm_hash(environ, user, realm), which returns the hex MD5 of "
          + "\"user:realm:password\", or None for an unknown user; nonces last 300 s and are "
          + "signed by a secret of the pod, so another pod's nonce gets a 401 with stale=true, "
          + "which clients retry without asking the user.")
  @Default(BASIC)
  @Pattern("^(basic|digest)$")
  private String provider = BASIC;

  @JsonPropertyDescription(
      "Realm sent in the challenge, Apache's AuthName: a 401 carries WWW-Authenticate: Basic "
          + "realm=\"<realm>\" (or Digest realm=\"<realm>\", nonce=...). For digest, the realm "
          + "get_realm_hash hashes with.")
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
