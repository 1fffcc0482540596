package dev.kubewsgi.e2e.load;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The load generator and its HTTP client against real servers on loopback. */
class LoadGeneratorTest {

  private HttpServer server;
  private InetSocketAddress address;
  private final AtomicInteger served = new AtomicInteger();

  @BeforeEach
  void startServer() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 50);
    server.setExecutor(Executors.newFixedThreadPool(4));
    server.createContext(
        "/",
        exchange -> {
          byte[] body = ("ok " + served.incrementAndGet() + "\n").getBytes(StandardCharsets.UTF_8);
          exchange.getResponseHeaders().add("X-Kubewsgi-Served-By", "pod-1/%{GLOBAL}/0");
          int status = exchange.getRequestURI().getPath().equals("/fail") ? 503 : 200;
          // length 0 means chunked in this server API: exercise both framings
          boolean chunked = exchange.getRequestURI().getQuery() != null;
          exchange.sendResponseHeaders(status, chunked ? 0 : body.length);
          try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
          }
        });
    server.start();
    address = server.getAddress();
  }

  @AfterEach
  void stopServer() {
    server.stop(0);
  }

  @Test
  void keepAliveConnectionServesSeveralRequests() throws IOException {
    try (HttpConnection c =
        HttpConnection.open(address, Duration.ofSeconds(2), Duration.ofSeconds(5))) {
      HttpConnection.Response first = c.get("/", false);
      HttpConnection.Response second = c.get("/?chunked", false);
      assertThat(first.status()).isEqualTo(200);
      assertThat(first.bodyText()).isEqualTo("ok 1\n");
      assertThat(first.header("x-kubewsgi-served-by")).isEqualTo("pod-1/%{GLOBAL}/0");
      assertThat(second.bodyText()).isEqualTo("ok 2\n");
      assertThat(c.exchanges()).isEqualTo(2);
      assertThat(c.reusable()).isTrue();
    }
  }

  @Test
  void connectionCloseEndsTheConnection() throws IOException {
    try (HttpConnection c =
        HttpConnection.open(address, Duration.ofSeconds(2), Duration.ofSeconds(5))) {
      assertThat(c.get("/", true).status()).isEqualTo(200);
      assertThat(c.reusable()).isFalse();
    }
  }

  @Test
  void paceIsKeptAndEveryRequestRecorded() {
    var settings =
        new LoadGenerator.Settings(
            address,
            "/",
            100,
            3,
            1,
            Duration.ofSeconds(2),
            1000,
            Duration.ofSeconds(2),
            Duration.ofSeconds(5));
    LoadGenerator load = LoadGenerator.start(settings, r -> {});
    sleep(Duration.ofMillis(2500)); // past the 2 s bound: the generator stopped by itself
    List<RequestRecord> records = load.stop();
    assertThat(records).hasSizeBetween(150, 210);
    assertThat(records).noneMatch(RequestRecord::failed);
    assertThat(records).allMatch(r -> "pod-1".equals(r.pod()));
    long fresh = records.stream().filter(RequestRecord::newConnection).count();
    // one in four workers opens a connection per request; the three others once each
    assertThat(fresh).isBetween(records.size() / 4L - 10, records.size() / 4L + 10);
  }

  @Test
  void aFiveHundredIsAFailure() {
    var settings =
        new LoadGenerator.Settings(
            address,
            "/fail",
            50,
            1,
            0,
            Duration.ofMillis(500),
            10,
            Duration.ofSeconds(2),
            Duration.ofSeconds(5));
    LoadGenerator load = LoadGenerator.start(settings, r -> {});
    sleep(Duration.ofMillis(800));
    List<RequestRecord> records = load.stop();
    assertThat(records).isNotEmpty().allMatch(RequestRecord::failed);
    assertThat(records.get(0).failure()).isEqualTo("HTTP 503 from pod-1/%{GLOBAL}/0");
  }

  @Test
  void refusedConnectionIsAFailure() throws IOException {
    InetSocketAddress closed;
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      closed = new InetSocketAddress(InetAddress.getLoopbackAddress(), s.getLocalPort());
    }
    var settings =
        new LoadGenerator.Settings(
            closed,
            "/",
            20,
            0,
            1,
            Duration.ofMillis(300),
            3,
            Duration.ofSeconds(1),
            Duration.ofSeconds(1));
    LoadGenerator load = LoadGenerator.start(settings, r -> {});
    sleep(Duration.ofMillis(600));
    List<RequestRecord> records = load.stop();
    assertThat(records)
        .isNotEmpty()
        .allMatch(r -> r.error() != null && r.error().contains("ConnectException"));
  }

  /**
   * A server that answers the first request of each connection and then closes it without answering
   * the second: the keep-alive race. The client sends the second request once more on a new
   * connection and records the retry; nothing fails.
   */
  @Test
  void requestOnAConnectionTheServerClosedIsRetriedOnce() throws Exception {
    try (ServerSocket raw = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
      Thread acceptor =
          Thread.ofPlatform()
              .daemon()
              .start(
                  () -> {
                    while (!raw.isClosed()) {
                      try (Socket s = raw.accept()) {
                        InputStream in = s.getInputStream();
                        readHead(in);
                        byte[] resp =
                            "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok"
                                .getBytes(StandardCharsets.US_ASCII);
                        s.getOutputStream().write(resp);
                        s.getOutputStream().flush();
                        readHead(in); // the second request: dropped by closing
                      } catch (IOException e) {
                        // closed
                      }
                    }
                  });
      InetSocketAddress at =
          new InetSocketAddress(InetAddress.getLoopbackAddress(), raw.getLocalPort());
      try (HttpConnection c =
          HttpConnection.open(at, Duration.ofSeconds(2), Duration.ofSeconds(2))) {
        assertThat(c.get("/", false).status()).isEqualTo(200);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> c.get("/", false))
            .isInstanceOf(HttpConnection.NoResponseException.class);
      }
      var settings =
          new LoadGenerator.Settings(
              at,
              "/",
              20,
              1,
              0,
              Duration.ofMillis(600),
              6,
              Duration.ofSeconds(2),
              Duration.ofSeconds(2));
      LoadGenerator load = LoadGenerator.start(settings, r -> {});
      sleep(Duration.ofMillis(900));
      List<RequestRecord> records = load.stop();
      assertThat(records).hasSizeGreaterThanOrEqualTo(3).noneMatch(RequestRecord::failed);
      assertThat(records.stream().filter(RequestRecord::retried).count()).isGreaterThanOrEqualTo(1);
      acceptor.interrupt();
    }
  }

  private static void readHead(InputStream in) throws IOException {
    int state = 0;
    while (state < 4) {
      int b = in.read();
      if (b < 0) {
        throw new IOException("eof");
      }
      state =
          (b == '\r' && (state == 0 || state == 2)) || (b == '\n' && (state == 1 || state == 3))
              ? state + 1
              : 0;
    }
  }

  private static void sleep(Duration d) {
    try {
      Thread.sleep(d);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
