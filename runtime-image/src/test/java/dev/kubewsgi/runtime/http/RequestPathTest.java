package dev.kubewsgi.runtime.http;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The path as Apache 2.4's core prepares it before routing (ap_normalize_path, ap_unescape_url;
 * MergeSlashes On, AllowEncodedSlashes Off); ApacheRoundTripTest compares the same with a real
 * Apache.
 */
class RequestPathTest {

  @ParameterizedTest
  @CsvSource({
    "/, /",
    "/plain/path, /plain/path",
    "*, *",
    "/a%20b, /a b",
    "/caf%C3%A9, /caf\u00c3\u00a9",
    "/.well-known/x, /.well-known/x",
    "/a..b/..c/, /a..b/..c/",
    // dot-segments
    "/a/./b, /a/b",
    "/a/../b, /b",
    "/a/b/.., /a/",
    "/a/b/., /a/b/",
    "/a/b/../../c, /c",
    // escapes of unreserved characters are decoded first, so they count as dots
    "/a/%2e%2e/b, /b",
    "/a/.%2E/b, /b",
    "/a/%2e/b, /a/b",
    "/%7Euser/%41, /~user/A",
    "/%252e%252e/, /%2e%2e/",
    // slashes merged
    "//double//slash, /double/slash",
    "/a///b/, /a/b/",
  })
  void decodes(String raw, String decoded) {
    assertThat(RequestPath.decode(raw)).isEqualTo(decoded);
    assertThat(RequestPath.refusal(raw)).isNull();
  }

  @ParameterizedTest
  @CsvSource({
    "/.., 400",
    "/../x, 400",
    "/a/../../x, 400",
    "/%2e%2e/x, 400",
    "/bad%zz, 400",
    "/end%2, 400",
    "/end%, 400",
    "/digit%\u0663\u0663, 400",
    "/a%2Fb, 404",
    "/a%2fb, 404",
    "/nul%00, 404",
    "//../x, 400",
    "/../a%2Fb, 400",
  })
  void refuses(String raw, int status) {
    assertThat(RequestPath.decode(raw)).isNull();
    assertThat(RequestPath.refusal(raw).status()).isEqualTo(status);
    assertThat(RequestPath.refusal(raw).reason()).contains(raw);
  }
}
