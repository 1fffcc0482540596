package dev.kubewsgi.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * {@code spec.staticFiles} over real sockets: files with their type and validators, 304s, ranges,
 * precompressed siblings, the longest mount winning, and every way out of the directory refused;
 * then {@code wsgi.file_wrapper} over a real file, which goes out by sendfile too.
 */
class StaticFilesGraalPyTest extends RuntimePerClass {

  private static final String CSS = "body { color: #333; }\n".repeat(40);
  private static final String SECRET = "the secret outside the static directory";
  private static final long MTIME = 1_700_000_000_000L; // 2023-11-14T22:13:20Z

  private Path root;
  private byte[] big;

  @Override
  String name() {
    return "static-files";
  }

  @Override
  String yaml() {
    try {
      makeTree();
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
    return """
        apiVersion: kubewsgi.dev/v1alpha1
        kind: WsgiProcessGroup
        metadata: {name: static-files}
        spec:
          applications:
            - {mount: /, script: echo.py}
            - {mount: /assets/live, script: echo.py}
            - {mount: /send, script: sendfile.py}
          staticFiles:
            - {mount: /assets, directory: %s, cacheControl: "public, max-age=60"}
          warmup: {enabled: false}
        """
        .formatted(root);
  }

  private void makeTree() throws IOException {
    Path base = Files.createTempDirectory("kubewsgi-static-");
    Files.writeString(base.resolve("secret.txt"), SECRET);
    root = Files.createDirectory(base.resolve("site"));
    Files.writeString(root.resolve("site.css"), CSS);
    Files.writeString(root.resolve("app.js"), "console.log('identity');\n");
    Files.writeString(root.resolve("app.js.gz"), "gzip bytes");
    Files.writeString(root.resolve("app.js.br"), "brotli bytes");
    Files.writeString(root.resolve("ünï.txt"), "utf-8 name");
    Files.createDirectories(root.resolve("sub/dir"));
    Files.createSymbolicLink(root.resolve("link-out"), base.resolve("secret.txt"));
    Files.createSymbolicLink(root.resolve("sub/link-up"), base);
    Files.createSymbolicLink(root.resolve("link-in"), root.resolve("site.css"));
    big = new byte[3 * 1024 * 1024 + 17];
    new Random(7).nextBytes(big);
    Files.write(root.resolve("big.bin"), big);
    Files.setLastModifiedTime(root.resolve("site.css"), FileTime.fromMillis(MTIME));
  }

  /** A response read off a raw socket: status, headers (lower-case names), body bytes. */
  record Raw(int status, Map<String, String> headers, byte[] body) {
    String text() {
      return new String(body, StandardCharsets.UTF_8);
    }

    String header(String name) {
      return headers.get(name.toLowerCase(Locale.ROOT));
    }
  }

  /** Sends {@code method target} with {@code headers} (name: value lines) and reads the answer. */
  private Raw request(String method, String target, String... headers) throws Exception {
    try (Socket socket = new Socket("127.0.0.1", runtime.port())) {
      StringBuilder head =
          new StringBuilder(
              method + " " + target + " HTTP/1.1\r\nHost: t\r\nConnection: close\r\n");
      for (String h : headers) {
        head.append(h).append("\r\n");
      }
      socket.getOutputStream().write((head + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
      socket.getOutputStream().flush();
      return read(socket.getInputStream());
    }
  }

  private static Raw read(InputStream in) throws IOException {
    byte[] all = in.readAllBytes();
    int end = 0;
    while (end + 3 < all.length
        && !(all[end] == '\r'
            && all[end + 1] == '\n'
            && all[end + 2] == '\r'
            && all[end + 3] == '\n')) {
      end++;
    }
    String[] lines = new String(all, 0, end, StandardCharsets.ISO_8859_1).split("\r\n");
    Map<String, String> headers = new LinkedHashMap<>();
    for (int i = 1; i < lines.length; i++) {
      int colon = lines[i].indexOf(':');
      headers.put(
          lines[i].substring(0, colon).toLowerCase(Locale.ROOT),
          lines[i].substring(colon + 1).trim());
    }
    return new Raw(
        Integer.parseInt(lines[0].split(" ")[1]),
        headers,
        Arrays.copyOfRange(all, Math.min(end + 4, all.length), all.length));
  }

  private Raw get(String target, String... headers) throws Exception {
    return request("GET", target, headers);
  }

  @Test
  void aFileGoesOutWithItsTypeLengthAndValidators() throws Exception {
    Raw r = get("/assets/site.css?v=3");
    assertThat(r.status()).isEqualTo(200);
    assertThat(r.text()).isEqualTo(CSS);
    assertThat(r.header("Content-Type")).isEqualTo("text/css; charset=utf-8");
    assertThat(r.header("Content-Length")).isEqualTo(String.valueOf(CSS.length()));
    assertThat(r.header("Last-Modified")).isEqualTo("Tue, 14 Nov 2023 22:13:20 GMT");
    assertThat(r.header("ETag")).matches("\"[0-9a-f]+-[0-9a-f]+\"");
    assertThat(r.header("Accept-Ranges")).isEqualTo("bytes");
    assertThat(r.header("Cache-Control")).isEqualTo("public, max-age=60");
    assertThat(r.header("Vary")).isNull();
  }

  @Test
  void headSendsTheHeadAlone() throws Exception {
    Raw r = request("HEAD", "/assets/site.css");
    assertThat(r.status()).isEqualTo(200);
    assertThat(r.header("Content-Length")).isEqualTo(String.valueOf(CSS.length()));
    assertThat(r.body()).isEmpty();
  }

  @Test
  void aCurrentCopyIsNotModified() throws Exception {
    String etag = get("/assets/site.css").header("ETag");
    Raw byTag = get("/assets/site.css", "If-None-Match: \"other\", " + etag);
    assertThat(byTag.status()).isEqualTo(304);
    assertThat(byTag.body()).isEmpty();
    assertThat(byTag.header("ETag")).isEqualTo(etag);
    assertThat(byTag.header("Cache-Control")).isEqualTo("public, max-age=60");
    assertThat(get("/assets/site.css", "If-None-Match: W/" + etag).status()).isEqualTo(304);
    assertThat(get("/assets/site.css", "If-None-Match: \"stale\"").status()).isEqualTo(200);
    assertThat(get("/assets/site.css", "If-Modified-Since: Tue, 14 Nov 2023 22:13:20 GMT").status())
        .isEqualTo(304);
    assertThat(get("/assets/site.css", "If-Modified-Since: Mon, 13 Nov 2023 00:00:00 GMT").status())
        .isEqualTo(200);
    // If-None-Match wins over If-Modified-Since.
    assertThat(
            get(
                    "/assets/site.css",
                    "If-None-Match: \"stale\"",
                    "If-Modified-Since: Tue, 14 Nov 2023 22:13:20 GMT")
                .status())
        .isEqualTo(200);
  }

  @Test
  void aRangeIsPartialContent() throws Exception {
    Raw r = get("/assets/site.css", "Range: bytes=10-19");
    assertThat(r.status()).isEqualTo(206);
    assertThat(r.text()).isEqualTo(CSS.substring(10, 20));
    assertThat(r.header("Content-Range")).isEqualTo("bytes 10-19/" + CSS.length());
    assertThat(get("/assets/site.css", "Range: bytes=-5").text())
        .isEqualTo(CSS.substring(CSS.length() - 5));
    assertThat(get("/assets/site.css", "Range: bytes=870-").text()).isEqualTo(CSS.substring(870));
    Raw beyond = get("/assets/site.css", "Range: bytes=5000-");
    assertThat(beyond.status()).isEqualTo(416);
    assertThat(beyond.header("Content-Range")).isEqualTo("bytes */" + CSS.length());
    // Several ranges, or a stale If-Range: the whole file.
    assertThat(get("/assets/site.css", "Range: bytes=0-1,5-6").status()).isEqualTo(200);
    assertThat(get("/assets/site.css", "Range: bytes=0-1", "If-Range: \"stale\"").text())
        .isEqualTo(CSS);
    String etag = get("/assets/site.css").header("ETag");
    assertThat(get("/assets/site.css", "Range: bytes=0-1", "If-Range: " + etag).status())
        .isEqualTo(206);
  }

  @Test
  void aLargeFileArrivesWholeAndInPieces() throws Exception {
    Raw whole = get("/assets/big.bin");
    assertThat(whole.header("Content-Type")).isEqualTo("application/octet-stream");
    assertThat(whole.body()).isEqualTo(big);
    Raw middle = get("/assets/big.bin", "Range: bytes=1000000-2000000");
    assertThat(middle.body()).isEqualTo(Arrays.copyOfRange(big, 1_000_000, 2_000_001));
  }

  @Test
  void aPrecompressedSiblingGoesToClientsThatAcceptIt() throws Exception {
    Raw br = get("/assets/app.js", "Accept-Encoding: gzip, deflate, br");
    assertThat(br.text()).isEqualTo("brotli bytes");
    assertThat(br.header("Content-Encoding")).isEqualTo("br");
    assertThat(br.header("Content-Type")).isEqualTo("text/javascript; charset=utf-8");
    assertThat(br.header("Vary")).isEqualTo("Accept-Encoding");
    Raw gz = get("/assets/app.js", "Accept-Encoding: gzip, br;q=0");
    assertThat(gz.text()).isEqualTo("gzip bytes");
    assertThat(gz.header("Content-Encoding")).isEqualTo("gzip");
    Raw plain = get("/assets/app.js");
    assertThat(plain.text()).isEqualTo("console.log('identity');\n");
    assertThat(plain.header("Content-Encoding")).isNull();
    assertThat(plain.header("Vary")).isEqualTo("Accept-Encoding");
    assertThat(List.of(br.header("ETag"), gz.header("ETag"), plain.header("ETag")))
        .doesNotHaveDuplicates();
  }

  @Test
  void nothingOutsideTheDirectoryIsServed() throws Exception {
    for (String target :
        List.of(
            "/assets/%2E%2E%2Fsecret.txt",
            "/assets/sub/..%2f..%2fsecret.txt",
            "/assets/link-out",
            "/assets/sub/link-up/secret.txt",
            "/assets/site.css%00.txt",
            "/assets/%ff%fe",
            "/assets/sub/dir",
            "/assets",
            "/assets/",
            "/assets/missing.css")) {
      Raw r = get(target);
      assertThat(r.status()).as(target).isEqualTo(404);
      assertThat(r.text()).as(target).doesNotContain(SECRET).doesNotContain("REQUEST_METHOD");
    }
    // Dot-segments are removed before routing, as Apache does: these name /secret.txt, which the
    // application at / answers; the static directory never sees them.
    for (String target :
        List.of(
            "/assets/../secret.txt",
            "/assets/%2e%2e/secret.txt",
            "/assets/./site.css/../../secret.txt")) {
      Raw r = get(target);
      assertThat(r.status()).as(target).isEqualTo(200);
      assertThat(r.text()).as(target).contains("\"PATH_INFO\": \"/secret.txt\"");
      assertThat(r.text()).as(target).doesNotContain(SECRET);
    }
    assertThat(get("/assets/link-in").text()).as("a link inside the tree").isEqualTo(CSS);
    assertThat(get("/assets/%C3%BCn%C3%AF.txt").text()).isEqualTo("utf-8 name");
  }

  @Test
  void staticFilesAreReadOnly() throws Exception {
    Raw r = request("POST", "/assets/site.css", "Content-Length: 0");
    assertThat(r.status()).isEqualTo(405);
    assertThat(r.header("Allow")).isEqualTo("GET, HEAD");
  }

  @Test
  void theLongestMountWins() throws Exception {
    assertThat(get("/assets/live/x").text()).contains("\"SCRIPT_NAME\": \"/assets/live\"");
    assertThat(get("/assetsx").text()).contains("\"PATH_INFO\": \"/assetsx\"");
  }

  @Test
  void staticRequestsAreLogged() throws Exception {
    get("/assets/site.css?logged=1");
    long deadline = System.nanoTime() + 5_000_000_000L;
    List<String> lines = runtime.accessLogLines(1);
    while (lines.stream().noneMatch(l -> l.contains("logged=1")) && System.nanoTime() < deadline) {
      Thread.sleep(20);
      lines = runtime.accessLogLines(1);
    }
    assertThat(lines)
        .anySatisfy(
            line ->
                assertThat(line)
                    .contains("\"GET /assets/site.css?logged=1 HTTP/1.1\" 200 " + CSS.length())
                    .endsWith(" static"));
  }

  @Test
  void aFileWrapperOverARealFileSendsTheFile() throws Exception {
    String path = URLEncoder.encode(root.resolve("big.bin").toString(), StandardCharsets.UTF_8);
    Raw whole = get("/send?path=" + path);
    assertThat(whole.body()).isEqualTo(big);
    // Framed by a Content-Length the runtime added, not chunked as an iterated body would be.
    assertThat(whole.header("Content-Length")).isEqualTo(String.valueOf(big.length));
    assertThat(whole.header("Transfer-Encoding")).isNull();
    assertThat(get("/send?path=" + path + "&offset=100").body())
        .isEqualTo(Arrays.copyOfRange(big, 100, big.length));
    Raw limited = get("/send?path=" + path + "&offset=10&length=1000");
    assertThat(limited.header("Content-Length")).isEqualTo("1000");
    assertThat(limited.body()).isEqualTo(Arrays.copyOfRange(big, 10, 1010));
    assertThat(request("HEAD", "/send?path=" + path).body()).isEmpty();
  }
}
