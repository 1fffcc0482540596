package dev.kubewsgi.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.kubewsgi.api.ExitCode;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.HexFormat;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * mod_wsgi's WSGIAccessScript, WSGIAuthUserScript (Basic), WSGIAuthGroupScript and
 * WSGIPassAuthorization over real HTTP, hooks in auth_hooks.py and the app echoing its environ.
 */
class AuthHooksGraalPyTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  private static String basic(String userColonPassword) {
    return "Basic "
        + Base64.getEncoder().encodeToString(userColonPassword.getBytes(StandardCharsets.UTF_8));
  }

  private static HttpResponse<String> get(RuntimeHarness runtime, String path, String... headers)
      throws Exception {
    HttpRequest.Builder request = HttpRequest.newBuilder(runtime.app(path));
    for (int i = 0; i < headers.length; i += 2) {
      request.header(headers[i], headers[i + 1]);
    }
    return runtime.send(request.build());
  }

  /** The environ the app saw, for a request with credentials that pass. */
  private static JsonNode environ(RuntimeHarness runtime, String path, String credentials)
      throws Exception {
    HttpResponse<String> response = get(runtime, path, "Authorization", basic(credentials));
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    return JSON.readTree(response.body());
  }

  private static String digestNonce(HttpResponse<String> challenge) {
    assertThat(challenge.statusCode()).isEqualTo(401);
    Matcher nonce =
        Pattern.compile("nonce=\"([^\"]+)\"")
            .matcher(challenge.headers().firstValue("WWW-Authenticate").orElseThrow());
    assertThat(nonce.find()).isTrue();
    return nonce.group(1);
  }

  /** What a client sends for user carol in realm Vault (RFC 7616 with MD5; no qop is RFC 2069). */
  private static String digest(String password, String nonce, String uri, String qop)
      throws Exception {
    String ha1 = md5("carol:Vault:" + password);
    String ha2 = md5("GET:" + uri);
    String response =
        qop == null
            ? md5(ha1 + ":" + nonce + ":" + ha2)
            : md5(ha1 + ":" + nonce + ":00000001:0a4f113b:" + qop + ":" + ha2);
    return "Digest username=\"carol\", realm=\"Vault\", nonce=\""
        + nonce
        + "\", uri=\""
        + uri
        + "\", response=\""
        + response
        + "\""
        + (qop == null ? "" : ", qop=" + qop + ", nc=00000001, cnonce=\"0a4f113b\"");
  }

  private static String md5(String text) throws Exception {
    return HexFormat.of()
        .formatHex(
            MessageDigest.getInstance("MD5").digest(text.getBytes(StandardCharsets.ISO_8859_1)));
  }

  private static void assertChallenged(HttpResponse<String> response) {
    assertThat(response.statusCode()).as(response.body()).isEqualTo(401);
    assertThat(response.headers().allValues("WWW-Authenticate"))
        .containsExactly("Basic realm=\"Staff only\"");
  }

  @Nested
  class Protected extends RuntimePerClass {
    @Override
    String name() {
      return "auth";
    }

    @Override
    String yaml() {
      return """
          apiVersion: kubewsgi.dev/v1alpha1
          kind: WsgiProcessGroup
          metadata: {name: auth}
          spec:
            workers: 1
            applications:
              - mount: /private
                script: echo.py
                auth:
                  accessScript: {path: auth_hooks.py}
                  authUserScript: {path: auth_hooks.py, realm: Staff only}
                  authGroupScript: {path: auth_hooks.py}
                  requiredGroups: [staff]
                  passAuthorization: false
              - mount: /passing
                script: echo.py
                auth:
                  authUserScript: {path: auth_hooks.py, realm: Staff only}
              - mount: /vault
                script: echo.py
                auth:
                  authUserScript: {path: digest_hooks.py, realm: Vault, provider: digest}
              - {mount: /, script: echo.py}
            warmup:
              untilSettled: false
              requests:
                - {path: /private/x, count: 50, expectStatus: 200, headers: {Authorization: "%s"}}
                - {path: /passing/x, count: 50, expectStatus: 401}
          """
          .formatted(basic("alice:secret"));
    }

    @Test
    void theRightPasswordReachesTheAppAsRemoteUserWithoutThePassword() throws Exception {
      int logged = runtime.accessLogLines(0).size();
      JsonNode env = environ(runtime, "/private/x", "alice:secret");
      assertThat(env.get("REMOTE_USER").asText()).isEqualTo("alice");
      assertThat(runtime.accessLogLines(logged + 1).get(logged))
          .as("Apache's %u")
          .startsWith("127.0.0.1 - alice [")
          .contains("\"GET /private/x HTTP/1.1\" 200 ");
      assertThat(env.get("AUTH_TYPE").asText()).isEqualTo("Basic");
      assertThat(env.has("HTTP_AUTHORIZATION")).as("passAuthorization: false").isFalse();
    }

    @Test
    void passAuthorizationByDefaultKeepsTheHeaderForTheApp() throws Exception {
      JsonNode env = environ(runtime, "/passing/", "bob:hunter2");
      assertThat(env.get("REMOTE_USER").asText()).isEqualTo("bob");
      assertThat(env.get("HTTP_AUTHORIZATION").asText()).isEqualTo(basic("bob:hunter2"));
    }

    @Test
    void aMissingHeaderIsChallengedWithTheRealm() throws Exception {
      assertChallenged(get(runtime, "/private/x"));
    }

    @Test
    void aWrongPasswordAndAnUnknownUserAreChallenged() throws Exception {
      assertChallenged(get(runtime, "/private/x", "Authorization", basic("alice:wrong")));
      assertChallenged(get(runtime, "/private/x", "Authorization", basic("mallory:secret")));
    }

    @Test
    void aMalformedAuthorizationHeaderIsChallenged() throws Exception {
      String[] malformed = {
        "Basic !!!not-base64!!!",
        basic("no-colon-here"),
        "Basic",
        "Bearer abc.def.ghi",
        basic("alice:secret") + "x",
        "Basic " + basic("alice:secret")
      };
      for (String header : malformed) {
        HttpResponse<String> response = get(runtime, "/private/x", "Authorization", header);
        assertThat(response.statusCode()).as(header).isEqualTo(401);
      }
    }

    @Test
    void aUserOutsideTheRequiredGroupIsChallengedAsApacheDoes() throws Exception {
      assertChallenged(get(runtime, "/private/x", "Authorization", basic("bob:hunter2")));
    }

    @Test
    void allowAccessFalseIsForbiddenEvenWithGoodCredentials() throws Exception {
      HttpResponse<String> response =
          get(runtime, "/private/x", "Authorization", basic("alice:secret"), "X-Blocked", "yes");
      assertThat(response.statusCode()).isEqualTo(403);
      assertThat(response.headers().firstValue("WWW-Authenticate")).isEmpty();
    }

    @Test
    void aHookThatRaisesIs500AndTheWorkerServesOn() throws Exception {
      HttpResponse<String> response = get(runtime, "/private/x", "Authorization", basic("boom:x"));
      assertThat(response.statusCode()).isEqualTo(500);
      assertThat(response.body()).doesNotContain("user database");
      assertThat(get(runtime, "/private/x", "Authorization", basic("alice:secret")).statusCode())
          .isEqualTo(200);
    }

    @Test
    void anUnprotectedMountNeedsNothing() throws Exception {
      HttpResponse<String> response = get(runtime, "/other");
      assertThat(response.statusCode()).isEqualTo(200);
      assertThat(JSON.readTree(response.body()).has("REMOTE_USER")).isFalse();
    }

    @Test
    void digestWithTheRightPasswordReachesTheApp() throws Exception {
      String nonce = digestNonce(get(runtime, "/vault/x?y=1"));
      for (String qop : new String[] {"auth", null}) {
        HttpResponse<String> response =
            get(
                runtime,
                "/vault/x?y=1",
                "Authorization",
                digest("s3cret", nonce, "/vault/x?y=1", qop));
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        JsonNode env = JSON.readTree(response.body());
        assertThat(env.get("REMOTE_USER").asText()).isEqualTo("carol");
        assertThat(env.get("AUTH_TYPE").asText()).isEqualTo("Digest");
      }
    }

    @Test
    void digestRefusesAWrongPasswordAnotherTargetAndAnUnknownUser() throws Exception {
      String nonce = digestNonce(get(runtime, "/vault/x"));
      String[] refused = {
        digest("wrong", nonce, "/vault/x", "auth"),
        digest("s3cret", nonce, "/vault/other", "auth"),
        digest("s3cret", nonce, "/vault/x", "auth").replace("carol", "dave"),
        "Digest username=\"carol\"",
        "Digest username=\"carol, realm=Vault",
        "Digest ,,,",
        basic("carol:s3cret")
      };
      for (String header : refused) {
        HttpResponse<String> response = get(runtime, "/vault/x", "Authorization", header);
        assertThat(response.statusCode()).as(header).isEqualTo(401);
        assertThat(response.headers().firstValue("WWW-Authenticate").orElseThrow())
            .as(header)
            .startsWith("Digest realm=\"Vault\", nonce=\"")
            .doesNotContain("stale");
      }
    }

    @Test
    void aRightDigestOnANonceNotOursIsStaleSoTheClientRetries() throws Exception {
      String forged = "1700000000-0123456789abcdef0123456789abcdef";
      HttpResponse<String> response =
          get(runtime, "/vault/x", "Authorization", digest("s3cret", forged, "/vault/x", "auth"));
      assertThat(response.statusCode()).isEqualTo(401);
      assertThat(response.headers().firstValue("WWW-Authenticate").orElseThrow())
          .endsWith(", stale=true");
      String fresh = digestNonce(response);
      assertThat(
              get(runtime, "/vault/x", "Authorization", digest("s3cret", fresh, "/vault/x", "auth"))
                  .statusCode())
          .isEqualTo(200);
    }

    @Test
    void statusNamesTheMountsWarmedOnlyUpToTheirCheck() throws Exception {
      JsonNode status = JSON.readTree(runtime.admin("/status").body());
      JsonNode onlyToCheck = status.get("mountsWarmedOnlyToAuthCheck");
      assertThat(onlyToCheck.has("/private")).as(onlyToCheck.toString()).isFalse();
      assertThat(onlyToCheck.get("/passing").get(0).asText()).isEqualTo("%{GLOBAL}/0");
      assertThat(status.get("scripts").toString())
          .contains("spec.applications[0].auth.accessScript")
          .contains("spec.applications[1].auth.authUserScript");
    }
  }

  private static String broken(String hook) {
    return """
        apiVersion: kubewsgi.dev/v1alpha1
        kind: WsgiProcessGroup
        metadata: {name: broken}
        spec:
          warmup: {enabled: false}
          applications:
            - mount: /
              script: echo.py
              auth:
                authUserScript: %s
        """
        .formatted(hook);
  }

  @Test
  void aHookThatRaisesOnLoadKeepsThePodUnreadyNamingScriptAndLine() throws Exception {
    try (RuntimeHarness runtime =
        RuntimeHarness.start(
            "broken-hook",
            broken("{realm: r, source: \"USERS = {}\\nraise RuntimeError('no database')\\n\"}"))) {
      BootFailure failure = catchThrowableOfType(BootFailure.class, runtime::awaitBoot);
      assertThat(failure.exitCode()).isEqualTo(ExitCode.IMPORT_SCRIPT_FAILED);
      assertThat(failure.getMessage())
          .contains("spec.applications[0].auth.authUserScript")
          .contains("<applications[0].auth.authUserScript>:2")
          .contains("RuntimeError: no database");
      assertThat(runtime.admin("/healthz/ready").statusCode()).isEqualTo(503);
    }
  }

  @Test
  void aHookThatDoesNotParseStopsBootBeforeAnyScriptRuns() throws Exception {
    try (RuntimeHarness runtime =
        RuntimeHarness.start(
            "syntax-hook", broken("{realm: r, source: \"def check_password(e, u, p)\\n\"}"))) {
      BootFailure failure = catchThrowableOfType(BootFailure.class, runtime::awaitBoot);
      assertThat(failure.exitCode()).isEqualTo(ExitCode.IMPORT_SCRIPT_FAILED);
      assertThat(failure.getMessage())
          .contains("<applications[0].auth.authUserScript>:1")
          .contains("spec.applications[0].auth.authUserScript");
    }
  }

  @Test
  void aHookWithoutItsFunctionIsNamed() throws Exception {
    try (RuntimeHarness runtime =
        RuntimeHarness.start("no-function", broken("{realm: r, source: \"x = 1\\n\"}"))) {
      BootFailure failure = catchThrowableOfType(BootFailure.class, runtime::awaitBoot);
      assertThat(failure.getMessage())
          .contains("spec.applications[0].auth.authUserScript")
          .contains("defines no function check_password()");
    }
  }
}
