package dev.kubewsgi.runtime.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.handler.codec.DecoderResult;
import io.netty.handler.codec.http.DefaultHttpRequest;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.TooLongHttpHeaderException;
import io.netty.handler.codec.http.TooLongHttpLineException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The verdict on decoded heads, with no socket and no channel: one row per check. */
class RequestValidatorTest {

  private static final RequestLimits LIMITS = RequestLimits.defaults();

  /**
   * {@code method} may carry a target ({@code "OPTIONS *"}), else {@code /}; {@code Host: x} is
   * added unless {@code headers} names a Host, or {@code !Host} (none at all).
   */
  private static HttpRequest request(String version, String method, String headers) {
    String[] methodTarget = (method + " /").split(" ");
    HttpRequest request =
        new DefaultHttpRequest(
            HttpVersion.valueOf(version), HttpMethod.valueOf(methodTarget[0]), methodTarget[1]);
    if (headers == null || !headers.contains("Host")) {
      request.headers().add("Host", "x");
    }
    if (headers != null) {
      for (String header : headers.split(";")) {
        if (header.equals("!Host")) {
          continue;
        }
        String[] nameValue = header.split("=", 2);
        request.headers().add(nameValue[0].trim(), nameValue[1].trim());
      }
    }
    return request;
  }

  @ParameterizedTest(name = "{0} {1} [{2}] -> {3}")
  @CsvSource(
      delimiter = '|',
      nullValues = "-",
      value = {
        "HTTP/1.1 | GET  | -                                        | accepted length=0 head=false keepAlive=true continue=false",
        "HTTP/1.0 | GET  | -                                        | accepted length=0 head=false keepAlive=false continue=false",
        "HTTP/1.1 | HEAD | Connection=close                         | accepted length=0 head=true keepAlive=false continue=false",
        "HTTP/1.1 | POST | Content-Length=5;Expect=100-continue     | accepted length=5 head=false keepAlive=true continue=true",
        "HTTP/1.0 | POST | Content-Length=5;Expect=100-Continue     | accepted length=5 head=false keepAlive=false continue=false",
        "HTTP/1.1 | POST | Transfer-Encoding=chunked                | accepted length=-1 head=false keepAlive=true continue=false",
        "HTTP/2.0 | GET  | -                                        | 505 HTTP version HTTP/2.0 is not supported",
        "HTTP/1.1 | POST | Transfer-Encoding=gzip                   | 501 Transfer-Encoding other than chunked is not supported",
        "HTTP/1.1 | POST | Content-Length=abc                       | 400 Malformed Content-Length",
        "HTTP/1.1 | HEAD | Content-Length=99999999999999             | 413 head",
        "HTTP/1.1 | POST | Content-Length=1;Expect=something-else    | 417 Unsupported Expect: something-else",
        "HTTP/1.1 | GET  | !Host                                    | 400 Missing, repeated or malformed Host",
        "HTTP/1.0 | GET  | !Host                                    | accepted length=0 head=false keepAlive=false continue=false",
        "HTTP/1.1 | GET  | Host=a;Host=b                            | 400 Missing, repeated or malformed Host",
        "HTTP/1.1 | GET  | Host=a b                                 | 400 Missing, repeated or malformed Host",
        "HTTP/1.1 | GET  | Host=[::1]:8080                          | accepted length=0 head=false keepAlive=true continue=false",
        "HTTP/1.1 | GET  | Host=                                    | accepted length=0 head=false keepAlive=true continue=false",
        "HTTP/1.1 | GET (/                                          | -  | 400 Malformed request target",
        "HTTP/1.1 | GET x.example:80                                | -  | 400 Malformed request target",
        "HTTP/1.1 | GET *                                           | -  | 400 Malformed request target",
        "HTTP/1.1 | OPTIONS *                                       | -  | accepted length=0 head=false keepAlive=true continue=false",
        "HTTP/1.1 | GET http://x.example/a                          | -  | accepted length=0 head=false keepAlive=true continue=false",
      })
  void verdict(String version, String method, String headers, String expected) {
    RequestValidator.Verdict verdict =
        RequestValidator.check(request(version, method, headers), LIMITS);
    String got =
        switch (verdict) {
          case RequestValidator.Accepted a ->
              "accepted length="
                  + a.contentLength()
                  + " head="
                  + a.head()
                  + " keepAlive="
                  + a.keepAlive()
                  + " continue="
                  + a.expectContinue();
          case RequestValidator.Rejected r ->
              r.status() + " " + (r.status() == 413 && r.head() ? "head" : r.message());
        };
    assertThat(got).isEqualTo(expected);
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource({"line, 414", "headers, 431", "other, 400"})
  void decoderFailures(String what, int status) {
    HttpRequest request = request("HTTP/1.1", "GET", null);
    Exception cause =
        switch (what) {
          case "line" -> new TooLongHttpLineException("too long");
          case "headers" -> new TooLongHttpHeaderException("too large");
          default -> new IllegalArgumentException("invalid version format");
        };
    request.setDecoderResult(DecoderResult.failure(cause));
    RequestValidator.Rejected rejected =
        (RequestValidator.Rejected) RequestValidator.check(request, LIMITS);
    assertThat(rejected.status()).isEqualTo(status);
    assertThat(rejected.message()).isNotBlank();
  }
}
