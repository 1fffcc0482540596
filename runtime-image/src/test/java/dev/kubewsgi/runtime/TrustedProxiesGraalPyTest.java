package dev.kubewsgi.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * Forwarding headers over real HTTP from 127.0.0.1: believed from a trusted peer (loopback is by
 * default), ignored from any other, in both header sets; spoofed hops further out never win.
 */
class TrustedProxiesGraalPyTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  private static String spec(String trustedProxies) {
    return "warmup: {enabled: false}\naccessLog: {enabled: false}\n" + trustedProxies;
  }

  private static JsonNode environ(RuntimeHarness runtime, String... headers) throws Exception {
    HttpRequest.Builder request = HttpRequest.newBuilder(runtime.app("/x"));
    for (int i = 0; i < headers.length; i += 2) {
      request.header(headers[i], headers[i + 1]);
    }
    HttpResponse<String> response = runtime.send(request.build());
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    return JSON.readTree(response.body());
  }

  @Nested
  class LoopbackTrustedByDefault extends RuntimePerClass {
    @Override
    String name() {
      return "proxies-default";
    }

    @Override
    String yaml() {
      return resource("/", "echo.py", spec(""));
    }

    @Test
    void withoutHeadersTheConnectionSpeaks() throws Exception {
      JsonNode env = environ(runtime);
      assertThat(env.get("REMOTE_ADDR").asText()).isEqualTo("127.0.0.1");
      assertThat(env.get("wsgi.url_scheme").asText()).isEqualTo("http");
      assertThat(env.get("SERVER_PORT").asText()).isEqualTo(String.valueOf(runtime.port()));
      assertThat(env.get("wsgi.input_terminated").asBoolean()).isTrue();
    }

    @Test
    void anIngressSaysWhoAndHow() throws Exception {
      JsonNode env =
          environ(
              runtime,
              "X-Forwarded-For",
              "203.0.113.9",
              "X-Forwarded-Proto",
              "https",
              "X-Forwarded-Host",
              "shop.example.com");
      assertThat(env.get("REMOTE_ADDR").asText()).isEqualTo("203.0.113.9");
      assertThat(env.get("REMOTE_PORT").asText()).isEqualTo("0");
      assertThat(env.get("wsgi.url_scheme").asText()).isEqualTo("https");
      assertThat(env.get("HTTP_HOST").asText()).isEqualTo("shop.example.com");
      assertThat(env.get("SERVER_NAME").asText()).isEqualTo("shop.example.com");
      assertThat(env.get("SERVER_PORT").asText()).isEqualTo("443");
    }

    @Test
    void theForwardedPortAndAHostWithAPortSetServerPort() throws Exception {
      JsonNode env =
          environ(
              runtime,
              "X-Forwarded-For",
              "203.0.113.9",
              "X-Forwarded-Host",
              "shop.example.com:8443",
              "X-Forwarded-Proto",
              "https");
      assertThat(env.get("SERVER_NAME").asText()).isEqualTo("shop.example.com");
      assertThat(env.get("SERVER_PORT").asText()).isEqualTo("8443");
      env = environ(runtime, "X-Forwarded-Proto", "https", "X-Forwarded-Port", "9443");
      assertThat(env.get("REMOTE_ADDR").asText()).isEqualTo("127.0.0.1");
      assertThat(env.get("wsgi.url_scheme").asText()).isEqualTo("https");
      assertThat(env.get("SERVER_PORT").asText()).isEqualTo("9443");
    }

    @Test
    void aClientCannotSpoofItselfBehindTheProxy() throws Exception {
      // The client sent "X-Forwarded-For: 1.1.1.1"; the (trusted) proxy appended the real peer.
      JsonNode env = environ(runtime, "X-Forwarded-For", "1.1.1.1, 198.51.100.4");
      assertThat(env.get("REMOTE_ADDR").asText()).isEqualTo("198.51.100.4");
      // A trusted hop (loopback) is skipped; the first untrusted one from the right is the client.
      env = environ(runtime, "X-Forwarded-For", "1.1.1.1, 198.51.100.4, 127.0.0.1");
      assertThat(env.get("REMOTE_ADDR").asText()).isEqualTo("198.51.100.4");
    }

    @Test
    void garbageInTheHeadersIsIgnored() throws Exception {
      JsonNode env =
          environ(
              runtime,
              "X-Forwarded-For",
              "unknown",
              "X-Forwarded-Proto",
              "gopher",
              "X-Forwarded-Host",
              "evil.example.com/path?x",
              "X-Forwarded-Port",
              "99999");
      assertThat(env.get("REMOTE_ADDR").asText()).isEqualTo("127.0.0.1");
      assertThat(env.get("wsgi.url_scheme").asText()).isEqualTo("http");
      assertThat(env.get("SERVER_PORT").asText()).isEqualTo(String.valueOf(runtime.port()));
      assertThat(env.get("HTTP_HOST").asText()).isEqualTo("127.0.0.1:" + runtime.port());
    }

    @Test
    void anIpv6ClientWithAPort() throws Exception {
      JsonNode env = environ(runtime, "X-Forwarded-For", "[2001:db8::7]:4711");
      assertThat(env.get("REMOTE_ADDR").asText()).isEqualTo("2001:db8::7");
      assertThat(env.get("REMOTE_PORT").asText()).isEqualTo("4711");
    }
  }

  @Nested
  class UntrustedPeer extends RuntimePerClass {
    @Override
    String name() {
      return "proxies-untrusted";
    }

    @Override
    String yaml() {
      return resource("/", "echo.py", spec("trustedProxies: {addresses: [10.0.0.0/8]}"));
    }

    @Test
    void theHeadersReachTheApplicationAndChangeNothing() throws Exception {
      JsonNode env =
          environ(
              runtime,
              "X-Forwarded-For",
              "203.0.113.9",
              "X-Forwarded-Proto",
              "https",
              "X-Forwarded-Host",
              "shop.example.com");
      assertThat(env.get("REMOTE_ADDR").asText()).isEqualTo("127.0.0.1");
      assertThat(env.get("wsgi.url_scheme").asText()).isEqualTo("http");
      assertThat(env.get("HTTP_HOST").asText()).isEqualTo("127.0.0.1:" + runtime.port());
      assertThat(env.get("HTTP_X_FORWARDED_FOR").asText()).isEqualTo("203.0.113.9");
      assertThat(env.get("HTTP_X_FORWARDED_PROTO").asText()).isEqualTo("https");
    }
  }

  @Nested
  class Rfc7239 extends RuntimePerClass {
    @Override
    String name() {
      return "proxies-forwarded";
    }

    @Override
    String yaml() {
      return resource(
          "/",
          "echo.py",
          spec("trustedProxies: {addresses: [127.0.0.1, 10.1.0.0/16], headers: Forwarded}"));
    }

    @Test
    void theHopThatMetTheClientSaysHowItCame() throws Exception {
      // An edge proxy got https from the client; an inner proxy (10.1.2.3) got http from the edge.
      JsonNode env =
          environ(
              runtime,
              "Forwarded",
              "for=192.0.2.60;proto=https;host=\"shop.example.com\", for=10.1.2.3;proto=http");
      assertThat(env.get("REMOTE_ADDR").asText()).isEqualTo("192.0.2.60");
      assertThat(env.get("wsgi.url_scheme").asText()).isEqualTo("https");
      assertThat(env.get("HTTP_HOST").asText()).isEqualTo("shop.example.com");
      assertThat(env.get("SERVER_PORT").asText()).isEqualTo("443");
    }

    @Test
    void quotedIpv6AndTheOtherHeaderSetIgnored() throws Exception {
      JsonNode env =
          environ(
              runtime,
              "Forwarded",
              "for=\"[2001:db8:cafe::17]:4711\"",
              "X-Forwarded-For",
              "203.0.113.9",
              "X-Forwarded-Proto",
              "https");
      assertThat(env.get("REMOTE_ADDR").asText()).isEqualTo("2001:db8:cafe::17");
      assertThat(env.get("REMOTE_PORT").asText()).isEqualTo("4711");
      assertThat(env.get("wsgi.url_scheme").asText()).isEqualTo("http");
    }

    @Test
    void anObfuscatedClientLeavesTheNearestTrustedHop() throws Exception {
      JsonNode env = environ(runtime, "Forwarded", "for=_hidden, for=10.1.2.3");
      assertThat(env.get("REMOTE_ADDR").asText()).isEqualTo("10.1.2.3");
    }
  }
}
