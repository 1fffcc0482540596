package dev.kubewsgi.runtime.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The server on real loopback sockets while one hostile client tries to exhaust it: a well-behaved
 * client on its own connections sends {@value #GOOD_REQUESTS} sequential GETs during each attack
 * and every one must succeed; its latencies, and the same requests with no attacker, go to {@code
 * target/exhaustion-report.json} (reported, not asserted). The attacker must get the status its
 * attack earns, or be closed.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ResourceExhaustionSocketTest {

  static final int GOOD_REQUESTS = 200;

  /** The good client opens a new connection after this many requests, so accepting is measured. */
  private static final int REQUESTS_PER_CONNECTION = 20;

  /** The API's limits but a 3 s client timeout and a 256 KiB body, to keep the attacks short. */
  private static final RequestLimits LIMITS =
      new RequestLimits(8192, 16384, 256 * 1024, Duration.ofSeconds(3), Duration.ofSeconds(75));

  private static final Duration DEADLINE = Duration.ofSeconds(30);

  private static FixtureHandler app;
  private static HttpServer server;
  private static final Map<String, Map<String, Object>> report = new LinkedHashMap<>();

  @BeforeAll
  static void start() throws Exception {
    app = new FixtureHandler();
    server = HttpServer.start(new InetSocketAddress("127.0.0.1", 0), LIMITS, app, 2);
    good("warm-up"); // the first runs compile the path: the baseline is taken warm
    good("warm-up");
    report.remove("warm-up");
  }

  @AfterAll
  static void stop() throws IOException {
    server.close();
    app.close();
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("loadavg", Files.readString(Path.of("/proc/loadavg")).trim());
    out.put("goodRequests", GOOD_REQUESTS);
    out.put("runs", report);
    Path file = Path.of("target", "exhaustion-report.json");
    Files.createDirectories(file.getParent());
    new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(file.toFile(), out);
    System.out.println("exhaustion report " + file.toAbsolutePath() + ":");
    report.forEach((name, row) -> System.out.printf("  %-22s %s%n", name, row));
  }

  @Test
  @Order(0)
  void noAttacker() throws Exception {
    good("none");
  }

  @Test
  @Order(1)
  void manySlowClientsDribblingTheirHeads() throws Exception {
    List<Socket> slow = new ArrayList<>();
    byte[] head =
        ascii("GET /hello HTTP/1.1\r\nHost: slow\r\nUser-Agent: one-byte-at-a-time\r\n\r\n");
    AtomicBoolean stop = new AtomicBoolean();
    try {
      for (int i = 0; i < 300; i++) {
        slow.add(connect(1 << 16));
      }
      Thread dribbler =
          Thread.ofPlatform()
              .start(
                  () -> {
                    for (int b = 0; b < head.length && !stop.get(); b++) {
                      for (Socket s : slow) {
                        try {
                          s.getOutputStream().write(head[b]);
                        } catch (IOException closed) {
                          // answered 408 and closed: the attack goes on with the others
                        }
                      }
                      sleep(300);
                    }
                  });
      good("slowClients");
      // The head is 2 bytes a second away from complete: each gets 408 at the client timeout.
      for (Socket s : slow) {
        assertThat(statusOrClosed(s)).isEqualTo("408");
      }
      stop.set(true);
      dribbler.join();
    } finally {
      closeAll(slow);
    }
  }

  @Test
  @Order(2)
  void aFloodOfIdleKeepAliveConnections() throws Exception {
    List<Socket> idle = new ArrayList<>();
    try {
      for (int i = 0; i < 2000; i++) {
        Socket s = connect(1 << 16);
        s.getOutputStream().write(request("/hello"));
        assertThat(RawResponse.read(in(s), false).status()).isEqualTo(200);
        idle.add(s);
      }
      assertThat(server.openConnections()).isGreaterThanOrEqualTo(2000);
      good("idleKeepAlive2000");
      for (Socket s : idle.subList(0, 10)) {
        s.getOutputStream().write(request("/hello"));
        assertThat(RawResponse.read(in(s), false).status()).as("still served").isEqualTo(200);
      }
    } finally {
      closeAll(idle);
    }
  }

  @Test
  @Order(3)
  void aRequestWithAHugeNumberOfHeaders() throws Exception {
    try (Socket s = connect(1 << 16)) {
      Thread writer =
          sendInBackground(
              s,
              ascii("GET /hello HTTP/1.1\r\nHost: x\r\n"),
              ascii("X-A: b\r\n".repeat(1000)),
              100, // 100,000 headers: refused and closed long before the end
              0,
              new AtomicBoolean(),
              new AtomicInteger());
      good("hugeHeaderCount");
      writer.join(DEADLINE.toMillis());
      assertThat(statusOrClosed(s)).isIn("431", "closed");
      assertThat(closedByServer(s)).isTrue();
    }
  }

  @Test
  @Order(4)
  void aPipeliningFloodThatNeverReadsItsResponses() throws Exception {
    int flood = 3000;
    long handledBefore = app.handled.get();
    // A small receive buffer, so the kernel holds few of its responses: what the server does
    // with the rest shows.
    try (Socket s = connect(1 << 16)) {
      AtomicInteger sent = new AtomicInteger();
      Thread writer =
          sendInBackground(
              s, new byte[0], request("/big?bytes=16384"), flood, 0, new AtomicBoolean(), sent);
      sleep(500);
      good("pipelining3000");
      long plateau = awaitPlateau(() -> app.handled.get() - handledBefore - GOOD_REQUESTS);
      report.get("pipelining3000").put("attackerRequestsServed", plateau);
      report.get("pipelining3000").put("attackerRequestsSent", sent.get());
      // A connection whose client does not read gets no further request taken: what waits for it
      // is bounded (the socket's buffers, then the connection's limit), not 3,000 responses.
      assertThat(plateau).as("requests served to a client that reads nothing").isLessThan(1000);
      s.close();
      writer.join(DEADLINE.toMillis());
    }
  }

  @Test
  @Order(5)
  void aChunkedBodyThatNeverEnds() throws Exception {
    try (Socket s = connect(1 << 16)) {
      AtomicBoolean stop = new AtomicBoolean();
      Thread writer =
          sendInBackground(
              s,
              ascii("POST /echo HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n"),
              ascii("400\r\n" + "x".repeat(1024) + "\r\n"),
              Integer.MAX_VALUE, // 100 KiB a second, never the last chunk
              10,
              stop,
              new AtomicInteger());
      good("endlessChunkedBody");
      assertThat(statusOrClosed(s)).isEqualTo("413");
      assertThat(closedByServer(s)).isTrue();
      stop.set(true);
      writer.join(DEADLINE.toMillis());
    }
  }

  // ---- the good client

  /** {@value #GOOD_REQUESTS} sequential GETs, each must be a 200; records the latencies. */
  private static void good(String run) throws IOException {
    long[] nanos = new long[GOOD_REQUESTS];
    Socket s = null;
    try {
      for (int i = 0; i < GOOD_REQUESTS; i++) {
        long start = System.nanoTime();
        if (i % REQUESTS_PER_CONNECTION == 0) {
          if (s != null) {
            s.close();
          }
          s = connect(0);
        }
        s.getOutputStream().write(request("/hello"));
        RawResponse r = RawResponse.read(in(s), false);
        nanos[i] = System.nanoTime() - start;
        assertThat(r.status()).as("good request %d during %s", i, run).isEqualTo(200);
        assertThat(r.text()).isEqualTo("hello\n");
      }
    } finally {
      if (s != null) {
        s.close();
      }
    }
    Arrays.sort(nanos);
    Map<String, Object> row = new LinkedHashMap<>();
    row.put("p50Ms", millis(nanos[GOOD_REQUESTS / 2]));
    row.put("p99Ms", millis(nanos[(int) Math.ceil(GOOD_REQUESTS * 0.99) - 1]));
    row.put("maxMs", millis(nanos[GOOD_REQUESTS - 1]));
    row.put("serverOpenConnections", server.openConnections());
    report.put(run, row);
  }

  // ---- sockets

  private static final Map<Socket, InputStream> inputs = new ConcurrentHashMap<>();

  /** A connection; {@code receiveBuffer} > 0 fixes its receive buffer (no autotuning). */
  private static Socket connect(int receiveBuffer) throws IOException {
    Socket s = new Socket();
    if (receiveBuffer > 0) {
      s.setReceiveBufferSize(receiveBuffer);
    }
    s.connect(new InetSocketAddress("127.0.0.1", server.port()), (int) DEADLINE.toMillis());
    s.setSoTimeout((int) DEADLINE.toMillis());
    return s;
  }

  private static InputStream in(Socket s) {
    return inputs.computeIfAbsent(
        s,
        k -> {
          try {
            return new BufferedInputStream(k.getInputStream());
          } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
          }
        });
  }

  private static byte[] request(String target) {
    return ascii("GET " + target + " HTTP/1.1\r\nHost: x\r\n\r\n");
  }

  private static byte[] ascii(String s) {
    return s.getBytes(StandardCharsets.US_ASCII);
  }

  /**
   * The attacker's writes, on a thread of their own: {@code first}, then {@code each} up to {@code
   * times} times with {@code pauseMillis} between, counted in {@code sent}, until {@code stop} or
   * until the connection fails (the server closed it, or the test did).
   */
  private static Thread sendInBackground(
      Socket s,
      byte[] first,
      byte[] each,
      int times,
      long pauseMillis,
      AtomicBoolean stop,
      AtomicInteger sent) {
    return Thread.ofPlatform()
        .start(
            () -> {
              try {
                OutputStream out = s.getOutputStream();
                out.write(first);
                for (int i = 0; i < times && !stop.get(); i++) {
                  out.write(each);
                  sent.incrementAndGet();
                  if (pauseMillis > 0) {
                    sleep(pauseMillis);
                  }
                }
              } catch (IOException closed) {
                // what the attack earns
              }
            });
  }

  /** The status of the response the server sent, or "closed" when it closed without one. */
  private static String statusOrClosed(Socket s) throws IOException {
    try {
      return Integer.toString(RawResponse.read(in(s), false).status());
    } catch (java.io.EOFException | java.net.SocketException gone) {
      return "closed";
    }
  }

  /** True when the server closed the connection (EOF or reset) within the deadline. */
  private static boolean closedByServer(Socket s) throws IOException {
    try {
      return in(s).read() == -1;
    } catch (SocketTimeoutException e) {
      return false;
    } catch (IOException reset) {
      return true;
    }
  }

  private static void closeAll(List<Socket> sockets) throws IOException {
    for (Socket s : sockets) {
      inputs.remove(s);
      s.close();
    }
  }

  /** Waits until {@code count} has not moved for a second; returns it. */
  private static long awaitPlateau(java.util.function.LongSupplier count) {
    long last = -1;
    for (long end = System.nanoTime() + DEADLINE.toNanos(); System.nanoTime() < end; ) {
      long now = count.getAsLong();
      if (now == last) {
        return now;
      }
      last = now;
      sleep(1000);
    }
    return count.getAsLong();
  }

  private static double millis(long nanos) {
    return Math.round(nanos / 10_000.0) / 100.0;
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
