package dev.kubewsgi.runtime.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The server on a real loopback socket with a plain Java handler: framing, limits, timeouts, flow
 * control.
 */
class HttpServerSocketTest {

  private static final RequestLimits LIMITS =
      new RequestLimits(1024, 2048, 64L << 20, Duration.ofSeconds(1), Duration.ofSeconds(30));

  private FixtureHandler app;
  private HttpServer server;

  @BeforeEach
  void start() throws Exception {
    app = new FixtureHandler();
    server = HttpServer.start(new InetSocketAddress("127.0.0.1", 0), LIMITS, app, 2);
  }

  @AfterEach
  void stop() {
    app.release.countDown();
    server.close();
    app.close();
  }

  private Client connect() throws IOException {
    return new Client(server.port());
  }

  @Test
  void keepAliveServesSeveralRequestsOnOneConnectionWithServerAndDate() throws Exception {
    try (Client c = connect()) {
      for (int i = 0; i < 3; i++) {
        c.send("GET /hello HTTP/1.1\r\nHost: x\r\n\r\n");
        RawResponse r = c.read(false);
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.text()).isEqualTo("hello\n");
        assertThat(r.header("Server")).isEqualTo("kubewsgi");
        assertThat(r.header("Date")).endsWith("GMT");
        assertThat(r.closes()).isFalse();
      }
    }
  }

  @Test
  void aWorkerAnsweringAfterTheServerStoppedGetsAnIoErrorNotARejectedTask() throws Exception {
    try (Client c = connect()) {
      c.send("GET /late HTTP/1.1\r\nHost: x\r\n\r\n");
      Thread.sleep(200); // the worker now waits in /late
      server.close(); // event loops terminated, as at the end of a drain
      app.release.countDown();
      long deadline = System.nanoTime() + 5_000_000_000L;
      while (app.handled.get() == 0 && System.nanoTime() < deadline) {
        Thread.sleep(20);
      }
      // The write fails as for a client gone, and the 500 the handler then sends goes nowhere
      // quietly: no RejectedExecutionException from the terminated event loop.
      assertThat(app.lastWriteFailure).isInstanceOf(IOException.class);
      assertThat(app.escaped).isNull();
      assertThat(app.handled.get()).isEqualTo(1);
    }
  }

  @Test
  void pipelinedRequestsAreAnsweredInOrder() throws Exception {
    try (Client c = connect()) {
      c.send(
          "GET /query?a=1 HTTP/1.1\r\nHost: x\r\n\r\n"
              + "POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\n\r\nabcde"
              + "GET /stream?n=2&size=3 HTTP/1.1\r\nHost: x\r\n\r\n"
              + "GET /query?a=4 HTTP/1.1\r\nHost: x\r\n\r\n");
      assertThat(c.read(false).text()).isEqualTo("GET /query ? a=1 HTTP/1.1");
      assertThat(c.read(false).text()).isEqualTo("abcde");
      RawResponse streamed = c.read(false);
      assertThat(streamed.chunked()).isTrue();
      assertThat(streamed.text()).isEqualTo("aaabbb");
      assertThat(c.read(false).text()).isEqualTo("GET /query ? a=4 HTTP/1.1");
    }
  }

  @Test
  void chunkedRequestBodyIsEchoedAsChunkedResponse() throws Exception {
    try (Client c = connect()) {
      c.send(
          "POST /echo?chunked HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n"
              + "5\r\nhello\r\n1;ext=1\r\n \r\n5\r\nworld\r\n0\r\nTrailer: t\r\n\r\n");
      RawResponse r = c.read(false);
      assertThat(r.status()).isEqualTo(200);
      assertThat(r.chunked()).isTrue();
      assertThat(r.text()).isEqualTo("hello world");
      c.send("GET /hello HTTP/1.1\r\nHost: x\r\n\r\n");
      assertThat(c.read(false).text()).isEqualTo("hello\n");
    }
  }

  @Test
  void headGetsHeadersWithoutBodyAndTheConnectionStaysUsable() throws Exception {
    try (Client c = connect()) {
      c.send("HEAD /hello HTTP/1.1\r\nHost: x\r\n\r\nHEAD /stream HTTP/1.1\r\nHost: x\r\n\r\n");
      RawResponse r = c.read(true);
      assertThat(r.status()).isEqualTo(200);
      assertThat(r.header("Content-Length")).isEqualTo("6");
      RawResponse s = c.read(true);
      assertThat(s.header("Transfer-Encoding")).isNull();
      c.send("GET /hello HTTP/1.1\r\nHost: x\r\n\r\n");
      // Had any body byte been sent for the HEADs, this would not parse as a status line.
      assertThat(c.read(false).text()).isEqualTo("hello\n");
    }
  }

  @Test
  void expectContinueIsAnsweredWhenTheAppReadsTheBody() throws Exception {
    try (Client c = connect()) {
      c.send("POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 4\r\nExpect: 100-continue\r\n\r\n");
      assertThat(c.read(false).status()).isEqualTo(100);
      c.send("ping");
      RawResponse r = c.read(false);
      assertThat(r.status()).isEqualTo(200);
      assertThat(r.text()).isEqualTo("ping");
    }
  }

  @Test
  void expectContinueIsNotSentWhenTheAppAnswersWithoutReading() throws Exception {
    try (Client c = connect()) {
      c.send(
          "POST /reject HTTP/1.1\r\nHost: x\r\nContent-Length: 4\r\nExpect: 100-continue\r\n\r\n");
      RawResponse r = c.read(false);
      assertThat(r.status()).isEqualTo(403);
      assertThat(c.closedByServer()).isTrue();
    }
  }

  @Test
  void clientThatStallsInTheHeadGets408() throws Exception {
    try (Client c = connect()) {
      c.send("GET /hello HTTP/1.1\r\nHost: x\r\n");
      RawResponse r = c.read(false);
      assertThat(r.status()).isEqualTo(408);
      assertThat(c.closedByServer()).isTrue();
    }
  }

  @Test
  void clientThatStallsInTheBodyGets408() throws Exception {
    try (Client c = connect()) {
      c.send("POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 10\r\n\r\nabc");
      RawResponse r = c.read(false);
      assertThat(r.status()).isEqualTo(408);
      assertThat(c.closedByServer()).isTrue();
    }
  }

  @Test
  void oversizedHeadersGet431AndLongRequestLineGets414() throws Exception {
    try (Client c = connect()) {
      c.send("GET /hello HTTP/1.1\r\nHost: x\r\nX-Big: " + "a".repeat(3000) + "\r\n\r\n");
      assertThat(c.read(false).status()).isEqualTo(431);
      assertThat(c.closedByServer()).isTrue();
    }
    try (Client c = connect()) {
      c.send("GET /" + "a".repeat(2000) + " HTTP/1.1\r\nHost: x\r\n\r\n");
      assertThat(c.read(false).status()).isEqualTo(414);
    }
  }

  @Test
  void bodyOverTheLimitGets413KnownLengthAtOnceChunkedWhenExceeded() throws Exception {
    try (Client c = connect()) {
      c.send("POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: " + ((64L << 20) + 1) + "\r\n\r\n");
      assertThat(c.read(false).status()).isEqualTo(413);
      assertThat(c.closedByServer()).isTrue();
    }
    try (Client c = connect()) {
      c.send("POST /echo HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n");
      byte[] piece =
          ("100000\r\n" + "x".repeat(1 << 20) + "\r\n").getBytes(StandardCharsets.US_ASCII);
      try {
        for (int i = 0; i < 70; i++) {
          c.out.write(piece);
        }
      } catch (IOException closedEarly) {
        // The server may close while we are still sending: the response is what counts.
      }
      assertThat(c.read(false).status()).isEqualTo(413);
    }
  }

  @Test
  void malformedClientDoesNotDisturbAConcurrentGoodClient() throws Exception {
    try (Client good = connect();
        Client bad = connect();
        Client slow = connect()) {
      good.send("GET /hello HTTP/1.1\r\nHost: x\r\n\r\n");
      assertThat(good.read(false).status()).isEqualTo(200);
      slow.send("GET /hel");
      bad.send("GARBAGE\0\r\n\r\n");
      assertThat(bad.read(false).status()).isEqualTo(400);
      assertThat(bad.closedByServer()).isTrue();
      for (int i = 0; i < 5; i++) {
        good.send("GET /query?i=" + i + " HTTP/1.1\r\nHost: x\r\n\r\n");
        assertThat(good.read(false).text()).isEqualTo("GET /query ? i=" + i + " HTTP/1.1");
      }
      assertThat(slow.read(false).status()).isEqualTo(408);
      good.send("GET /hello HTTP/1.1\r\nHost: x\r\n\r\n");
      assertThat(good.read(false).status()).isEqualTo(200);
    }
  }

  @Test
  void applicationErrorIs500AndTheConnectionServesOn() throws Exception {
    try (Client c = connect()) {
      c.send("GET /boom HTTP/1.1\r\nHost: x\r\n\r\n");
      assertThat(c.read(false).status()).isEqualTo(500);
      c.send("GET /hello HTTP/1.1\r\nHost: x\r\n\r\n");
      assertThat(c.read(false).status()).isEqualTo(200);
    }
  }

  @Test
  void headerValueWithCrLfIsRefusedBeforeAnythingIsSent() throws Exception {
    try (Client c = connect()) {
      c.send("GET /inject HTTP/1.1\r\nHost: x\r\n\r\n");
      RawResponse r = c.read(false);
      assertThat(r.status()).isEqualTo(500);
      assertThat(r.header("Set-Cookie")).isNull();
      assertThat(r.text())
          .contains("response header X-A: character U+000D at index 1 is not allowed");
    }
  }

  @Test
  void http10ClosesUnlessKeepAliveAndIsNeverChunked() throws Exception {
    try (Client c = connect()) {
      c.send("GET /hello HTTP/1.0\r\n\r\n");
      RawResponse r = c.read(false);
      assertThat(r.closes()).isTrue();
      assertThat(c.closedByServer()).isTrue();
    }
    try (Client c = connect()) {
      c.send("GET /hello HTTP/1.0\r\nConnection: keep-alive\r\n\r\n");
      assertThat(c.read(false).header("Connection")).isEqualToIgnoringCase("keep-alive");
      c.send("GET /stream?n=2&size=2 HTTP/1.0\r\nConnection: keep-alive\r\n\r\n");
      RawResponse s = c.read(false);
      assertThat(s.chunked()).isFalse();
      assertThat(s.text()).isEqualTo("aabb");
      assertThat(c.closedByServer()).isTrue();
    }
  }

  @Test
  void slowReaderHoldsTheWriterBackAndGetsEveryByte() throws Exception {
    int total = 64 << 20;
    try (Client c = connect()) {
      c.socket.setReceiveBufferSize(64 * 1024);
      c.send("GET /big?bytes=" + total + " HTTP/1.1\r\nHost: x\r\n\r\n");
      Thread.sleep(1000); // the client reads nothing meanwhile
      long writtenWhileStalled = app.bigWritten.get();
      RawResponse r = c.read(false);
      assertThat(r.body()).hasSize(total);
      // Socket buffers plus the exchange's high-water mark, not the whole body.
      assertThat(writtenWhileStalled).isLessThan(16L << 20);
      System.out.printf(
          "backpressure: %d of %d bytes handed to write() while the client read nothing%n",
          writtenWhileStalled, total);
    }
  }

  @Test
  void requestBodyIsNotBufferedWholeWhileTheAppDoesNotRead() throws Exception {
    long total = 48L << 20;
    AtomicLong sent = new AtomicLong();
    try (Client c = connect()) {
      c.socket.setSendBufferSize(64 * 1024);
      c.send("POST /hold HTTP/1.1\r\nHost: x\r\nContent-Length: " + total + "\r\n\r\n");
      Thread sender =
          Thread.ofPlatform()
              .start(
                  () -> {
                    byte[] block = new byte[64 * 1024];
                    try {
                      for (long s = 0; s < total; s += block.length) {
                        c.out.write(block);
                        sent.addAndGet(block.length);
                      }
                    } catch (IOException ignored) {
                      // reported by the assertions below
                    }
                  });
      Thread.sleep(1500);
      long sentWhileHeld = sent.get();
      app.release.countDown();
      sender.join(30_000);
      RawResponse r = c.read(false);
      assertThat(r.text()).isEqualTo(Long.toString(total));
      assertThat(sentWhileHeld).isLessThan(16L << 20);
      System.out.printf(
          "flow control: %d of %d body bytes accepted while the app did not read%n",
          sentWhileHeld, total);
    }
  }

  @Test
  void drainClosesIdleConnectionsAndLetsInFlightRequestsFinish() throws Exception {
    try (Client idle = connect();
        Client busy = connect()) {
      idle.send("GET /hello HTTP/1.1\r\nHost: x\r\n\r\n");
      assertThat(idle.read(false).status()).isEqualTo(200);
      busy.send("POST /hold HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\n\r\nabc");
      waitFor(() -> server.activeExchanges() == 1);
      server.stopAccepting();
      assertThat(idle.closedByServer()).isTrue();
      assertThat(server.awaitIdle(Duration.ofMillis(200))).isFalse();
      app.release.countDown();
      RawResponse r = busy.read(false);
      assertThat(r.text()).isEqualTo("3");
      assertThat(r.closes()).isTrue();
      assertThat(server.awaitIdle(Duration.ofSeconds(10))).isTrue();
      assertThat(server.openConnections()).isZero();
    }
  }

  private static void waitFor(java.util.function.BooleanSupplier condition)
      throws InterruptedException {
    for (int i = 0; i < 1000 && !condition.getAsBoolean(); i++) {
      Thread.sleep(10);
    }
    assertThat(condition.getAsBoolean()).isTrue();
  }

  /** A raw socket client. */
  static final class Client implements AutoCloseable {
    final Socket socket;
    final OutputStream out;
    final InputStream in;

    Client(int port) throws IOException {
      socket = new Socket();
      socket.connect(new InetSocketAddress("127.0.0.1", port));
      socket.setSoTimeout(20_000);
      out = socket.getOutputStream();
      in = new BufferedInputStream(socket.getInputStream());
    }

    void send(String s) throws IOException {
      out.write(s.getBytes(StandardCharsets.ISO_8859_1));
      out.flush();
    }

    RawResponse read(boolean head) throws IOException {
      return RawResponse.read(in, head);
    }

    /** True when the server closed the connection (EOF or reset), false when it is still open. */
    boolean closedByServer() throws IOException {
      socket.setSoTimeout(5_000);
      try {
        return in.read() == -1;
      } catch (SocketTimeoutException e) {
        return false;
      } catch (IOException reset) {
        return true;
      }
    }

    @Override
    public void close() throws IOException {
      socket.close();
    }
  }
}
