package dev.kubewsgi.convert.roundtrip;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.kubewsgi.convert.ConvertCommand;
import dev.kubewsgi.runtime.RuntimeProcess;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 17's round trip: one WSGI app served by Apache + mod_wsgi (daemon mode) from an Apache
 * configuration, and by the kubewsgi runtime from what {@code kubewsgi convert} makes of that same
 * file, answers the same requests with the same status and the same environ fields that matter.
 *
 * <p>Installs Apache and mod_wsgi itself (src/test/apache/ensure-apache.sh); skips only when they
 * are missing and this user cannot install them.
 */
class ApacheRoundTripTest {

  private static final Path RESOURCES = Path.of("src/test/resources/roundtrip");
  private static final Path ENSURE_APACHE = Path.of("src/test/apache/ensure-apache.sh");
  private static final ObjectMapper JSON = new ObjectMapper();

  /** The environ fields (and body digest) both servers must agree on, as envapp.wsgi names them. */
  static final List<String> COMPARED =
      List.of(
          "REQUEST_METHOD",
          "SCRIPT_NAME",
          "PATH_INFO",
          "QUERY_STRING",
          "REQUEST_URI",
          "REMOTE_USER",
          "AUTH_TYPE",
          // mod_wsgi withholds it unless WSGIPassAuthorization On; convert writes that as
          // passAuthorization: false for every application.
          "HTTP_AUTHORIZATION",
          "wsgi.url_scheme",
          "wsgi.multithread",
          "wsgi.multiprocess",
          "mod_wsgi.application_group",
          "mod_wsgi.process_group",
          // Import scripts run in the interpreter that answered: its application group.
          "import_scripts",
          "body_length",
          "body_sha256");

  /**
   * Sent and shown, not asserted: where the runtime and Apache still differ on purpose. A row
   * turning "same" means the runtime caught up: move it up.
   */
  static final Map<String, String> KNOWN_DIFFERENCES = Map.of();

  @TempDir Path dir;

  /** A request; {@code note} says what its headers carry, for the table (null: their names). */
  record Call(String method, String target, Map<String, String> headers, String body, String note) {
    Call(String method, String target, Map<String, String> headers, String body) {
      this(method, target, headers, body, null);
    }

    static Call get(String target) {
      return new Call("GET", target, Map.of(), null);
    }

    String label() {
      String extra = note != null ? note : headers.isEmpty() ? "" : headers.keySet().toString();
      return method + " " + target + (extra.isEmpty() ? "" : " +" + extra);
    }
  }

  /** A response: its status, body and WWW-Authenticate challenge (null when none). */
  record Answer(int status, String body, String challenge) {
    JsonNode json() {
      try {
        return JSON.readTree(body);
      } catch (IOException e) {
        return null; // a server's own error page
      }
    }
  }

  static String basic(String credentials) {
    return "Basic "
        + Base64.getEncoder().encodeToString(credentials.getBytes(StandardCharsets.UTF_8));
  }

  static Call auth(String target, String note, Map<String, String> headers) {
    return new Call("GET", target, headers, null, note);
  }

  static List<Call> calls() {
    return List.of(
        Call.get("/"),
        Call.get("/hello/world?x=1&y=two"),
        Call.get("/subway"), // not under /sub: mounts match whole segments
        Call.get("/sub"),
        Call.get("/sub/"),
        Call.get("/sub/deeper/path?q=a%20b&empty="),
        Call.get("/caf%C3%A9"),
        Call.get("/missing"), // the app's own 404 (every path is under the mount of /)
        Call.get("/sub/missing"),
        Call.get("/sites/alpha/x/y?q=1"), // WSGIScriptAliasMatch: the match is SCRIPT_NAME
        Call.get("/sites/beta"),
        Call.get("/sites/gamma/"), // the pattern matches, no such script: 404, not /
        Call.get("/sitesx/alpha"), // the pattern does not match: /
        new Call(
            "POST",
            "/sub/form",
            Map.of("Content-Type", "application/x-www-form-urlencoded"),
            "name=round+trip&n=17"),
        new Call("POST", "/upload", Map.of("Content-Type", "text/plain"), "x".repeat(100_000)),
        new Call("GET", "/private", Map.of("Authorization", basic("alice:secret")), null),
        // /auth: WSGIAccessScript, then Basic by WSGIAuthUserScript, then Require wsgi-group staff
        // by WSGIAuthGroupScript (alice is in staff, bob is not).
        Call.get("/auth"),
        auth("/auth/x", "alice:secret", Map.of("Authorization", basic("alice:secret"))),
        auth("/auth/", "alice:wrong", Map.of("Authorization", basic("alice:wrong"))),
        auth("/auth/", "unknown user", Map.of("Authorization", basic("nobody:x"))),
        auth("/auth/", "bob, not staff", Map.of("Authorization", basic("bob:builder"))),
        auth("/auth/", "no colon", Map.of("Authorization", basic("alice"))),
        auth("/auth/", "Bearer", Map.of("Authorization", "Bearer abc")),
        auth("/auth/", "access refused", Map.of("X-Block", "1")),
        auth(
            "/auth/",
            "alice, access refused",
            Map.of("Authorization", basic("alice:secret"), "X-Block", "1")),
        // The path as Apache's core prepares it before routing: dot-segments removed (also
        // encoded ones), slashes merged, an encoded slash or NUL refused (404), a path above the
        // root refused (400); REQUEST_URI stays as sent.
        Call.get("/sub/../x"),
        Call.get("/sub/./deeper/..//y?z=/../"),
        Call.get("/x/%2e%2e/sub/%2E/w"),
        Call.get("//double//slash"),
        Call.get("//sub//"),
        Call.get("/a%2Fb"),
        Call.get("/sub/a%2fb"),
        Call.get("/nul%00"),
        Call.get("/../x"),
        Call.get("/sub/../../x"));
  }

  @Test
  void apacheAndTheConvertedResourceAnswerAlike() throws Exception {
    ensureApache();
    Path root = Files.createDirectories(dir.resolve("server-root"));
    Path app = root.resolve("app");
    copy(RESOURCES.resolve("app"), app);
    int apachePort = RuntimeProcess.freePort();
    Path conf = root.resolve("roundtrip.conf");
    Files.writeString(
        conf,
        Files.readString(RESOURCES.resolve("roundtrip.conf.in"))
            .replace("@ROOT@", root.toString())
            .replace("@PORT@", Integer.toString(apachePort))
            .replace("@APP@", app.toString())
            .replace("@USER_LINES@", ApacheHttpd.userLines()));
    ApacheHttpd.openToDaemonUser(dir);

    Path resource = convert(conf);
    int port = RuntimeProcess.freePort();
    int adminPort = RuntimeProcess.freePort();
    HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    Path runtimeDir = Files.createDirectories(dir.resolve("runtime"));
    try (ApacheHttpd apache = ApacheHttpd.start(root, conf);
        RuntimeProcess runtime =
            RuntimeProcess.start(runtimeDir, resource, port, adminPort, List.of())) {
      awaitApache(client, apache, apachePort);
      assertThat(runtime.awaitReady(adminPort, Duration.ofMinutes(10)))
          .as("the runtime did not become Ready%n%s", runtime.log())
          .isTrue();

      List<String> rows = new ArrayList<>();
      List<String> mismatches = new ArrayList<>();
      for (Call call : calls()) {
        Answer fromApache = send(client, apachePort, call);
        Answer fromKubewsgi = send(client, port, call);
        rows.add(row(call, fromApache, fromKubewsgi));
        if (!KNOWN_DIFFERENCES.containsKey(call.target())) {
          mismatches.addAll(compare(call, fromApache, fromKubewsgi));
        }
      }
      System.out.println(table(rows));
      assertThat(mismatches)
          .as("Apache and kubewsgi differ (%s)%n%s", resource, Files.readString(resource))
          .isEmpty();
    }
  }

  private static void ensureApache() throws Exception {
    Process install =
        new ProcessBuilder("bash", ENSURE_APACHE.toString()).redirectErrorStream(true).start();
    String output = new String(install.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    int code = install.waitFor();
    Assumptions.assumeTrue(code != 77, output.strip());
    assertThat(code).as("ensure-apache.sh failed:%n%s", output).isZero();
    assertThat(ApacheHttpd.APACHE2).exists();
  }

  /** kubewsgi convert on the file Apache serves; a short warm-up (see below). */
  private Path convert(Path conf) throws Exception {
    Path out = Files.createDirectories(dir.resolve("converted"));
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int code =
        ConvertCommand.run(
            new String[] {conf.toString(), "-o", out.toString()},
            Map.of(),
            new PrintStream(OutputStream.nullOutputStream()),
            new PrintStream(err, true, StandardCharsets.UTF_8));
    String report = err.toString(StandardCharsets.UTF_8);
    System.out.println("kubewsgi convert " + conf.getFileName() + ":\n" + report);
    assertThat(code).as(report).isZero();
    Path converted = out.resolve("roundtrip.yaml");
    assertThat(converted).as(report).exists();
    // The test's only change: the default warm-up (a GET of each mount in its own group's
    // workers) at its fixed counts, not until the JIT settles (tens of thousands of requests), to
    // keep the test short. It changes no answer: the app keeps no state.
    ObjectNode tree = (ObjectNode) new YAMLMapper().readTree(converted.toFile());
    ((ObjectNode) tree.get("spec")).putObject("warmup").put("untilSettled", false);
    Path resource = dir.resolve("roundtrip-run.yaml");
    new YAMLMapper().writeValue(resource.toFile(), tree);
    return resource;
  }

  private static void awaitApache(HttpClient client, ApacheHttpd apache, int port)
      throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    while (System.nanoTime() < deadline && apache.isAlive()) {
      try {
        send(client, port, Call.get("/"));
        return;
      } catch (IOException e) {
        Thread.sleep(200); // not listening yet
      }
    }
    throw new AssertionError("Apache did not answer on " + port + "\n" + apache.log());
  }

  private static Answer send(HttpClient client, int port, Call call)
      throws IOException, InterruptedException {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + call.target()))
            .timeout(Duration.ofSeconds(60))
            .method(
                call.method(),
                call.body() == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(call.body()));
    call.headers().forEach(request::header);
    HttpResponse<String> response =
        client.send(request.build(), HttpResponse.BodyHandlers.ofString());
    return new Answer(
        response.statusCode(),
        response.body(),
        response.headers().firstValue("WWW-Authenticate").orElse(null));
  }

  static List<String> compare(Call call, Answer apache, Answer kubewsgi) {
    List<String> problems = new ArrayList<>();
    if (apache.status() != kubewsgi.status()) {
      problems.add(
          call.label() + ": status " + apache.status() + " from Apache, " + kubewsgi.status());
    }
    if (!java.util.Objects.equals(apache.challenge(), kubewsgi.challenge())) {
      problems.add(
          call.label()
              + ": WWW-Authenticate "
              + apache.challenge()
              + " from Apache, "
              + kubewsgi.challenge());
    }
    JsonNode a = apache.json();
    JsonNode k = kubewsgi.json();
    if (a == null || k == null) {
      if ((a == null) != (k == null)) {
        problems.add(call.label() + ": only one of them answered from the app");
      }
      return problems;
    }
    for (String field : COMPARED) {
      if (!a.path(field).equals(k.path(field))) {
        problems.add(
            call.label() + ": " + field + " " + a.path(field) + " from Apache, " + k.path(field));
      }
    }
    // Apache's name for the group must agree with the import scripts it ran, or the round trip
    // would compare groups that are not the ones the configuration means.
    String group = a.path("mod_wsgi.application_group").asText();
    boolean global = a.path("import_scripts").toString().contains("preload_global");
    if (group.isEmpty() != global) {
      problems.add(
          call.label()
              + ": under Apache, group \""
              + group
              + "\" ran import scripts "
              + a.path("import_scripts"));
    }
    return problems;
  }

  private static String row(Call call, Answer apache, Answer kubewsgi) {
    JsonNode a = apache.json();
    JsonNode k = kubewsgi.json();
    boolean same = compare(call, apache, kubewsgi).isEmpty();
    String known = KNOWN_DIFFERENCES.get(call.target());
    return String.format(
        "%-40s %3d %3d  %-5s %-14s %-16s %-8s %-5s %-18s %s",
        call.label().length() > 40 ? call.label().substring(0, 39) + "~" : call.label(),
        apache.status(),
        kubewsgi.status(),
        a == null ? "-" : a.path("SCRIPT_NAME").asText(),
        a == null ? "-" : a.path("PATH_INFO").asText(),
        a == null ? "-" : a.path("QUERY_STRING").asText(),
        a == null ? "-" : "\"" + a.path("mod_wsgi.application_group").asText() + "\"",
        a == null ? "-" : a.path("REMOTE_USER").asText("null"),
        a == null ? "-" : a.path("import_scripts").toString(),
        known != null
            ? (same ? "same (was a known difference)" : "differs, known: " + known)
            : same ? (a == null ? "status only" : "same") : "DIFFERS");
  }

  private static String table(List<String> rows) {
    String head =
        String.format(
            "%-40s %3s %3s  %-5s %-14s %-16s %-8s %-5s %-18s %s",
            "request",
            "apa",
            "kws",
            "SCRIPT_NAME",
            "PATH_INFO",
            "QUERY_STRING",
            "group",
            "user",
            "import scripts",
            "compared");
    return "round trip, Apache + mod_wsgi vs kubewsgi (values from Apache; group is"
        + " mod_wsgi.application_group):\n"
        + head
        + "\n"
        + String.join("\n", rows);
  }

  private static void copy(Path from, Path to) throws IOException {
    try (Stream<Path> walk = Files.walk(from)) {
      for (Path source : walk.toList()) {
        Path target = to.resolve(from.relativize(source).toString());
        if (Files.isDirectory(source)) {
          Files.createDirectories(target);
        } else {
          Files.copy(source, target);
        }
      }
    }
  }
}
