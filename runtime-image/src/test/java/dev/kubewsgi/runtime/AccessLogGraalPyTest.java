package dev.kubewsgi.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.Socket;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * The access log over real HTTP: one line per live request (warm-up neither logged nor counted in
 * the metrics), Apache's combined format by default, JSON and format strings as options, request
 * data escaped so that a line stays one line.
 */
class AccessLogGraalPyTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  // Seven warm-up requests: none may show in the log or the metrics.
  private static final String WARMUP =
      "warmup: {untilSettled: false, requests: [{path: /echo/warm, count: 7}]}\n";

  @Nested
  class CombinedByDefault extends RuntimePerClass {
    @Override
    String name() {
      return "log-combined";
    }

    @Override
    String yaml() {
      return resource("/echo", "echo.py", WARMUP);
    }

    @Test
    void oneCombinedLinePerLiveRequestAndNoneForWarmup() throws Exception {
      HttpResponse<String> ok =
          runtime.send(
              HttpRequest.newBuilder(runtime.app("/echo/a%20b?q=1"))
                  .header("Referer", "https://example.com/from")
                  .header("User-Agent", "tester/1.0 \"quoted\"")
                  .header("X-Forwarded-For", "203.0.113.9")
                  .build());
      HttpResponse<String> missing = runtime.get("/nothing-here");
      assertThat(missing.statusCode()).isEqualTo(404);

      // The other test of this class may have logged its request too, in either order.
      List<String> lines = lines(2, "/echo/a%20b", "/nothing-here");
      assertThat(String.join("\n", runtime.accessLogLines(0))).doesNotContain("/echo/warm");
      Matcher line =
          Pattern.compile(
                  "^(\\S+) - - \\[(\\d{2}/\\w{3}/\\d{4}:\\d{2}:\\d{2}:\\d{2} [+-]\\d{4})\\] "
                      + "\"(.*)\" (\\d{3}) (\\d+|-) \"(.*)\" \"(.*)\" (\\d+) (\\S+)$")
              .matcher(lines.get(0));
      assertThat(line.matches()).as(lines.get(0)).isTrue();
      assertThat(line.group(1)).isEqualTo("203.0.113.9"); // the trusted proxy's client
      assertThat(line.group(3)).isEqualTo("GET /echo/a%20b?q=1 HTTP/1.1");
      assertThat(line.group(4)).isEqualTo("200");
      assertThat(line.group(5)).isEqualTo(String.valueOf(ok.body().getBytes().length));
      assertThat(line.group(6)).isEqualTo("https://example.com/from");
      assertThat(line.group(7)).isEqualTo("tester/1.0 \\\"quoted\\\"");
      assertThat(Long.parseLong(line.group(8))).isPositive();
      assertThat(line.group(9)).isEqualTo("%{GLOBAL}/0.1");

      assertThat(lines.get(1)).contains("\"GET /nothing-here HTTP/1.1\" 404 ").endsWith(" -");
    }

    // The lines that contain each of {@code parts}, one each, in that order.
    private List<String> lines(int count, String... parts) throws InterruptedException {
      List<String> found = List.of();
      for (int attempt = 0; attempt < 50 && found.size() < count; attempt++) {
        List<String> all = runtime.accessLogLines(0);
        found =
            java.util.Arrays.stream(parts)
                .flatMap(
                    p ->
                        all.stream()
                            .filter(l -> l.contains(" " + p + " ") || l.contains(" " + p + "?")))
                .toList();
        Thread.sleep(100);
      }
      assertThat(found).hasSize(count);
      return found;
    }

    @Test
    void warmupIsNotCountedInTheRequestMetrics() throws Exception {
      runtime.get("/echo/counted");
      // The worker records a request after its response is out: the client may ask first.
      Pattern served =
          Pattern.compile(
              "kubewsgi_requests_seconds_count\\{group=\"%\\{GLOBAL\\}\",status=\"2xx\"\\} (\\S+)");
      long deadline = System.nanoTime() + 10_000_000_000L;
      String metrics = runtime.admin("/metrics").body();
      Matcher count = served.matcher(metrics);
      while (!count.find() && System.nanoTime() < deadline) {
        Thread.sleep(50);
        metrics = runtime.admin("/metrics").body();
        count = served.matcher(metrics);
      }
      assertThat(count.find(0)).as(metrics).isTrue();
      // Seven warm-up requests ran; the live ones of this class are fewer than that.
      assertThat(Double.parseDouble(count.group(1))).isBetween(1.0, 3.0);
    }
  }

  @Nested
  class Json extends RuntimePerClass {
    @Override
    String name() {
      return "log-json";
    }

    @Override
    String yaml() {
      return resource("/echo", "echo.py", WARMUP + "accessLog: {format: json}");
    }

    @Test
    void oneJsonObjectPerLine() throws Exception {
      // A raw socket: HttpClient would send the latin-1 byte as '?'.
      try (Socket socket = new Socket("127.0.0.1", runtime.port())) {
        socket
            .getOutputStream()
            .write(
                ("GET /echo/j?x=%22 HTTP/1.1\r\nHost: t\r\nUser-Agent: caf\u00e9\"\\\r\n"
                        + "Connection: close\r\n\r\n")
                    .getBytes(StandardCharsets.ISO_8859_1));
        socket.getInputStream().readAllBytes();
      }
      List<String> lines = runtime.accessLogLines(1);
      assertThat(lines).hasSize(1);
      assertThat(lines.getFirst()).matches("\\p{ASCII}+");
      JsonNode entry = JSON.readTree(lines.getFirst());
      assertThat(entry.get("client").asText()).isEqualTo("127.0.0.1");
      assertThat(entry.get("method").asText()).isEqualTo("GET");
      assertThat(entry.get("path").asText()).isEqualTo("/echo/j");
      assertThat(entry.get("query").asText()).isEqualTo("x=%22");
      assertThat(entry.get("status").asInt()).isEqualTo(200);
      assertThat(entry.get("bytes").asLong()).isPositive();
      assertThat(entry.get("duration_us").asLong()).isPositive();
      assertThat(entry.get("worker").asText()).isEqualTo("%{GLOBAL}/0.1");
      assertThat(entry.get("user_agent").asText()).isEqualTo("caf\u00e9\"\\");
      assertThat(entry.get("referer").isNull()).isTrue();
      assertThat(entry.get("user").isNull()).as("no auth hooks").isTrue();
      assertThat(entry.get("time").asText())
          .matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z");
    }
  }

  @Nested
  class FormatString extends RuntimePerClass {
    @Override
    String name() {
      return "log-format";
    }

    @Override
    String yaml() {
      return resource(
          "/echo",
          "echo.py",
          WARMUP + "accessLog: {format: '%m %U%q %>s %B %{X-Request-Id}i %{c}a 100%% %P'}");
    }

    @Test
    void directivesAndEscapes() throws Exception {
      runtime.send(
          HttpRequest.newBuilder(runtime.app("/echo/f?a=1"))
              .header("X-Request-Id", "abc\"def")
              .header("X-Forwarded-For", "203.0.113.9")
              .build());
      runtime.send(
          HttpRequest.newBuilder(runtime.app("/echo/f"))
              .method("HEAD", HttpRequest.BodyPublishers.noBody())
              .build());
      List<String> lines = runtime.accessLogLines(2);
      assertThat(lines.get(0))
          .matches(
              "GET /echo/f\\?a=1 200 [1-9]\\d* abc\\\\\"def 127\\.0\\.0\\.1 100% %\\{GLOBAL\\}/0\\.1");
      assertThat(lines.get(1)).startsWith("HEAD /echo/f 200 0 - 127.0.0.1");
    }
  }

  @Nested
  class Off extends RuntimePerClass {
    @Override
    String name() {
      return "log-off";
    }

    @Override
    String yaml() {
      return resource("/echo", "echo.py", WARMUP + "accessLog: {enabled: false}");
    }

    @Test
    void writesNothing() throws Exception {
      assertThat(runtime.get("/echo/x").statusCode()).isEqualTo(200);
      Thread.sleep(300);
      assertThat(runtime.accessLogOut.size()).isZero();
    }
  }
}
