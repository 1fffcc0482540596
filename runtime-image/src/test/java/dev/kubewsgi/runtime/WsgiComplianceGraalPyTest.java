package dev.kubewsgi.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * PEP 3333 over real HTTP: one runtime, one small fixture app per behaviour, most of them wrapped
 * in {@code wsgiref.validate.validator} so that a protocol slip on either side raises (and shows as
 * 500).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class WsgiComplianceGraalPyTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String BODY = "first line\nsecond line\n\nfourth, no newline";

  private RuntimeHarness runtime;

  @BeforeAll
  void boot() throws Exception {
    runtime =
        RuntimeHarness.start(
            "compliance",
            """
            apiVersion: kubewsgi.dev/v1alpha1
            kind: WsgiProcessGroup
            metadata: {name: compliance}
            spec:
              workers: 1
              threads: 2
              applications:
                - {mount: /, script: echo.py}
                - {mount: /echo, script: echo.py}
                - {mount: /echo/deeper, script: echo.py}
                - {mount: /input, script: input.py}
                - {mount: /stream, script: stream.py}
                - {mount: /writer, script: writer.py}
                - {mount: /file, script: filewrapper.py}
                - {mount: /excinfo, script: excinfo.py}
                - {mount: /raises, script: raises.py}
                - {mount: /headers, script: headers.py}
              warmup:
                untilSettled: false
                requests:
                  - {path: /echo, count: 5}
            """);
    runtime.awaitBoot();
  }

  @AfterAll
  void stop() {
    runtime.close();
  }

  private JsonNode environ(HttpResponse<String> response) throws Exception {
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    return JSON.readTree(response.body());
  }

  @Test
  void environHasTheCgiAndWsgiKeys() throws Exception {
    HttpResponse<String> response =
        runtime.send(
            HttpRequest.newBuilder(runtime.app("/echo/a%20b/c?x=1&y=%2F"))
                .header("X-Custom", "v1")
                .header("Accept", "text/plain")
                .build());
    JsonNode env = environ(response);
    assertThat(env.get("REQUEST_METHOD").asText()).isEqualTo("GET");
    assertThat(env.get("SCRIPT_NAME").asText()).isEqualTo("/echo");
    assertThat(env.get("PATH_INFO").asText()).isEqualTo("/a b/c");
    assertThat(env.get("QUERY_STRING").asText()).isEqualTo("x=1&y=%2F");
    assertThat(env.get("REQUEST_URI").asText()).isEqualTo("/echo/a%20b/c?x=1&y=%2F");
    assertThat(env.get("SERVER_PROTOCOL").asText()).isEqualTo("HTTP/1.1");
    assertThat(env.get("SERVER_PORT").asText()).isEqualTo(Integer.toString(runtime.port()));
    assertThat(env.get("REMOTE_ADDR").asText()).isEqualTo("127.0.0.1");
    assertThat(env.get("HTTP_X_CUSTOM").asText()).isEqualTo("v1");
    assertThat(env.get("HTTP_ACCEPT").asText()).isEqualTo("text/plain");
    assertThat(env.get("HTTP_HOST").asText()).isEqualTo("127.0.0.1:" + runtime.port());
    assertThat(env.get("wsgi.url_scheme").asText()).isEqualTo("http");
    assertThat(env.get("wsgi.version").toString()).isEqualTo("[1,0]");
    assertThat(env.get("wsgi.multithread").asBoolean()).isTrue();
    assertThat(env.get("wsgi.multiprocess").asBoolean()).isFalse();
    assertThat(env.get("wsgi.run_once").asBoolean()).isFalse();
    assertThat(env.has("CONTENT_LENGTH")).isFalse();
    // mod_wsgi's: "" names %{GLOBAL}; the process group is the resource.
    assertThat(env.get("mod_wsgi.application_group").asText()).isEmpty();
    assertThat(env.get("mod_wsgi.process_group").asText()).isEqualTo("compliance");
  }

  @ParameterizedTest
  @CsvSource({
    "/echo/./a//b/../c?x=/../, /echo, /a/c",
    "//echo//deeper/x, /echo/deeper, /x",
    "/echo/%2e%2e/echo/z, /echo, /z",
    "/x/../echo/, /echo, /",
  })
  void thePathIsPreparedAsApacheDoesAndRequestUriIsAsSent(
      String target, String scriptName, String pathInfo) throws Exception {
    JsonNode env = environ(runtime.get(target));
    assertThat(env.get("SCRIPT_NAME").asText()).isEqualTo(scriptName);
    assertThat(env.get("PATH_INFO").asText()).isEqualTo(pathInfo);
    assertThat(env.get("REQUEST_URI").asText()).isEqualTo(target);
  }

  @ParameterizedTest
  @CsvSource({"/../x, 400", "/echo/../../x, 400", "/echo/a%2Fb, 404", "/echo/nul%00, 404"})
  void aPathApacheRefusesReachesNoApplication(String target, int status) throws Exception {
    HttpResponse<String> response = runtime.get(target);
    assertThat(response.statusCode()).isEqualTo(status);
    assertThat(response.body()).doesNotContain("REQUEST_METHOD");
  }

  @ParameterizedTest
  @CsvSource({
    "/echo, /echo, ''",
    "/echo/, /echo, /",
    "/echo/deeper/x, /echo/deeper, /x",
    "/echoes, '', /echoes",
    "/, '', /",
  })
  void longestMountWinsAndSplitsScriptNameFromPathInfo(String path, String script, String info)
      throws Exception {
    JsonNode env = environ(runtime.get(path));
    assertThat(env.get("SCRIPT_NAME").asText()).isEqualTo(script);
    assertThat(env.get("PATH_INFO").asText()).isEqualTo(info);
  }

  @Test
  void bodyHeadersBecomeContentTypeAndLength() throws Exception {
    HttpResponse<String> response =
        runtime.send(
            HttpRequest.newBuilder(runtime.app("/echo"))
                .header("Content-Type", "text/plain; charset=utf-8")
                .POST(HttpRequest.BodyPublishers.ofString("12345"))
                .build());
    JsonNode env = environ(response);
    assertThat(env.get("REQUEST_METHOD").asText()).isEqualTo("POST");
    assertThat(env.get("CONTENT_TYPE").asText()).isEqualTo("text/plain; charset=utf-8");
    assertThat(env.get("CONTENT_LENGTH").asText()).isEqualTo("5");
    assertThat(env.has("HTTP_CONTENT_TYPE")).isFalse();
    assertThat(env.has("HTTP_CONTENT_LENGTH")).isFalse();
  }

  @ParameterizedTest
  @CsvSource({
    "read7, false", "read7, true",
    "readline, false", "readline, true",
    "readlines, false", "readlines, true",
    "iterate, false", "iterate, true",
  })
  void inputReadsTheWholeBodyInEveryMode(String mode, boolean chunked) throws Exception {
    byte[] bytes = BODY.getBytes(StandardCharsets.UTF_8);
    HttpRequest.BodyPublisher publisher =
        chunked
            ? HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(bytes))
            : HttpRequest.BodyPublishers.ofByteArray(bytes);
    HttpResponse<String> response =
        runtime.send(HttpRequest.newBuilder(runtime.app("/input?" + mode)).POST(publisher).build());
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    List<String> lines = List.of(JSON.readValue(response.body(), String[].class));
    assertThat(lines).containsExactly("first line\n", "second line\n", "\n", "fourth, no newline");
  }

  @Test
  void readlineHonoursItsSizeArgument() throws Exception {
    HttpResponse<String> response =
        runtime.send(
            HttpRequest.newBuilder(runtime.app("/input?readline3"))
                .POST(HttpRequest.BodyPublishers.ofString(BODY))
                .build());
    assertThat(List.of(JSON.readValue(response.body(), String[].class)))
        .containsExactly("fir", "st line\n");
  }

  @Test
  void streamedIterableArrivesWholeAndIsClosed() throws Exception {
    HttpResponse<String> response = runtime.get("/stream?200");
    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.body().lines()).hasSize(200).startsWith("chunk 0").endsWith("chunk 199");
    // No Content-Length from the app: HTTP/1.1 streams it chunked instead of buffering it.
    assertThat(response.headers().firstValue("Content-Length")).isEmpty();
    assertThat(Integer.parseInt(runtime.get("/stream/closed").body())).isGreaterThanOrEqualTo(1);
  }

  @Test
  void writeCallableSendsTheBody() throws Exception {
    HttpResponse<String> response = runtime.get("/writer");
    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.body()).isEqualTo("written by write()\n");
  }

  @Test
  void fileWrapperSendsTheWholeFile() throws Exception {
    HttpResponse<byte[]> response =
        runtime.client.send(
            HttpRequest.newBuilder(runtime.app("/file")).build(),
            HttpResponse.BodyHandlers.ofByteArray());
    assertThat(response.statusCode()).isEqualTo(200);
    byte[] body = response.body();
    assertThat(body).hasSize(100_000);
    assertThat(body[255]).isEqualTo((byte) 255);
    assertThat(body[99_999]).isEqualTo((byte) 'x');
  }

  @Test
  void startResponseWithExcInfoBeforeTheHeadReplacesTheStatus() throws Exception {
    HttpResponse<String> response = runtime.get("/excinfo");
    assertThat(response.statusCode()).isEqualTo(503);
    assertThat(response.body()).isEqualTo("replaced by exc_info\n");
  }

  @Test
  void pythonExceptionIs500AndTheWorkerKeepsServing() throws Exception {
    for (int i = 0; i < 3; i++) {
      assertThat(runtime.get("/raises").statusCode()).isEqualTo(500);
      HttpResponse<String> ok = runtime.get("/raises?ok");
      assertThat(ok.statusCode()).isEqualTo(200);
      assertThat(ok.body()).isEqualTo("still serving\n");
    }
  }

  @Test
  void headReturnsTheHeadWithoutBody() throws Exception {
    HttpResponse<String> response =
        runtime.send(
            HttpRequest.newBuilder(runtime.app("/echo"))
                .method("HEAD", HttpRequest.BodyPublishers.noBody())
                .build());
    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.body()).isEmpty();
  }

  @Test
  void headerValuesAreSentAsLatin1() throws Exception {
    String head = rawGet("/headers");
    assertThat(head).startsWith("HTTP/1.1 200").contains("X-Word: caf\u00e9\r\n");
    assertThat(rawGet("/headers?euro")).startsWith("HTTP/1.1 500");
  }

  @Test
  void servedByHeaderNamesPodGroupAndWorker() throws Exception {
    assertThat(runtime.get("/echo").headers().firstValue("X-Kubewsgi-Served-By"))
        .hasValue("test-pod/%{GLOBAL}/0");
  }

  @Test
  void statusCountsRequestsAndMetricsExposeTheHistogram() throws Exception {
    runtime.get("/echo");
    JsonNode status = JSON.readTree(runtime.admin("/status").body());
    assertThat(status.get("ready").asBoolean()).isTrue();
    assertThat(status.get("jit").asBoolean()).isTrue();
    assertThat(status.get("groups").get(0).get("requestsServed").asLong()).isGreaterThan(5);
    assertThat(status.get("warmup").get("%{GLOBAL}/0").get("done").asLong()).isEqualTo(5);
    // Memory as a pod's limit counts it (Linux's /proc), and the JVM's parts of it.
    JsonNode memory = status.get("memory");
    assertThat(memory.get("peakRssMiB").asLong())
        .isGreaterThanOrEqualTo(memory.get("rssMiB").asLong());
    assertThat(memory.get("peakRssMiBPerInterpreter").asLong())
        .isEqualTo(memory.get("peakRssMiB").asLong());
    assertThat(memory.get("rssAnonMiB").asLong()).isPositive();
    assertThat(memory.get("rssAnonMiB").asLong() + memory.get("rssFileMiB").asLong())
        .isLessThanOrEqualTo(memory.get("rssMiB").asLong() + 2);
    assertThat(memory.get("heapMaxMiB").asLong()).isPositive();
    assertThat(memory.get("codeCacheUsedMiB").asLong()).isPositive();
    // Start-up and warm-up allocate enough for collections to have run.
    assertThat(memory.get("gc").properties())
        .isNotEmpty()
        .anySatisfy(gc -> assertThat(gc.getValue().get("collections").asLong()).isPositive())
        .allSatisfy(gc -> assertThat(gc.getValue().has("ms")).isTrue());
    String metrics = runtime.admin("/metrics").body();
    assertThat(metrics)
        .contains("kubewsgi_requests_seconds_bucket{group=\"%{GLOBAL}\",status=\"2xx\"")
        .contains("kubewsgi_queue_depth{group=\"%{GLOBAL}\"}");
  }

  // Reads the response head byte by byte as latin-1, the way it is on the wire.
  private String rawGet(String path) throws Exception {
    try (Socket socket = new Socket("127.0.0.1", runtime.port())) {
      OutputStream out = socket.getOutputStream();
      out.write(
          ("GET " + path + " HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
              .getBytes(StandardCharsets.ISO_8859_1));
      out.flush();
      InputStream in = socket.getInputStream();
      return new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
    }
  }
}
