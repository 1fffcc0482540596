package dev.kubewsgi.runtime.http;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.ByteArrayInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.slf4j.LoggerFactory;

/**
 * Any bytes a client may send, through the real pipeline ({@link EmbeddedConnection}: decoder, flow
 * control, connection, the corpus's application). Every build replays the kept inputs in
 * src/test/resources/dev/kubewsgi/runtime/http/RequestPipelineFuzzTestInputs (the request corpus as
 * seeds, and every finding); {@code JAZZER_FUZZ=1} fuzzes for {@code maxDuration}.
 *
 * <p>Each input is sent three times, on fresh connections: at once, one byte at a time (CRLF kept
 * together), and with a well-formed request after it. Then the clock passes the client and
 * keep-alive timeouts. What must hold: nothing escapes the pipeline; every byte written is a
 * well-formed HTTP/1.1 response; no status outside what the validator gives (500 never); an error
 * response is the last, says {@code Connection: close}, and the connection is closed; every request
 * the application gets is well-formed; the outcome does not depend on how the bytes were split; and
 * the request after the input is served only when everything before it was served.
 */
class RequestPipelineFuzzTest {

  private static final RequestLimits LIMITS = CorpusCase.DEFAULT_LIMITS;

  /** What a client can get: the application's 200, 100 Continue, and the HTTP layer's refusals. */
  private static final Set<Integer> ALLOWED =
      Set.of(100, 200, 400, 408, 413, 414, 417, 431, 501, 505);

  private static final byte[] CANARY =
      "GET /canary HTTP/1.1\r\nHost: canary\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1);

  private static final Pattern TOKEN = Pattern.compile("[!#$%&'*+.^_`|~0-9A-Za-z-]+");
  private static final Pattern TARGET_CHARS = Pattern.compile("[\\x21-\\x7e\\x80-\\xff]*");
  private static final Pattern FIELD_VALUE = Pattern.compile("[^\\x00-\\x08\\x0a-\\x1f\\x7f]*");

  /**
   * Work for one input, all three sends, far above what any takes (under a millisecond on average);
   * not for the first input of a run, which loads, instruments and compiles the classes.
   */
  private static final Duration BUDGET = Duration.ofSeconds(10);

  private static boolean warm;

  private static final Logger CONNECTION_LOG =
      (Logger) LoggerFactory.getLogger(HttpConnection.class);
  private static final ListAppender<ILoggingEvent> WARNINGS = new ListAppender<>();
  private static Level levelBefore;

  @BeforeAll
  static void watchTheConnectionLog() {
    levelBefore = CONNECTION_LOG.getLevel();
    CONNECTION_LOG.setLevel(Level.WARN); // one INFO line per refused head is noise here
    WARNINGS.start();
    CONNECTION_LOG.addAppender(WARNINGS);
  }

  @AfterAll
  static void restoreTheConnectionLog() {
    CONNECTION_LOG.detachAppender(WARNINGS);
    CONNECTION_LOG.setLevel(levelBefore);
  }

  /** What one connection did with the bytes. */
  private record Outcome(List<String> served, List<Integer> statuses) {

    /**
     * The same outcome with a final 414 or 431 read as 400. A line both over its limit and
     * malformed (a bare LF past the limit: finding crash-08f3b73f) is refused for whichever problem
     * Netty's decoder sees first, and that depends on what has arrived: at once it finds the LF,
     * one byte at a time it reaches the limit first. Either refusal closes the connection.
     */
    Outcome lastRefusalAsMalformed() {
      if (statuses.isEmpty()) {
        return this;
      }
      int last = statuses.getLast();
      List<Integer> read = new ArrayList<>(statuses);
      read.set(read.size() - 1, last == 414 || last == 431 ? 400 : last);
      return new Outcome(served, read);
    }
  }

  @FuzzTest(maxDuration = "60s")
  void anyBytesGetWellFormedAnswers(byte[] input) throws Exception {
    long start = System.nanoTime();
    WARNINGS.list.clear();

    Outcome whole = run(input, false);
    Outcome bytewise = run(input, true);
    assertThat(bytewise.lastRefusalAsMalformed())
        .as("one byte at a time as at once")
        .isEqualTo(whole.lastRefusalAsMalformed());

    byte[] withCanary = new byte[input.length + CANARY.length];
    System.arraycopy(input, 0, withCanary, 0, input.length);
    System.arraycopy(CANARY, 0, withCanary, input.length, CANARY.length);
    Outcome after = run(withCanary, false);
    int canary = after.served().indexOf("GET /canary HTTP/1.1");
    if (canary >= 0) {
      assertThat(after.served()).as("the canary is the last request served").hasSize(canary + 1);
      assertThat(after.statuses().stream().filter(s -> s >= 400))
          .as("the request after an error is never served")
          .isEmpty();
    }

    assertThat(WARNINGS.list).as("exceptions caught by the connection").isEmpty();
    if (warm) {
      assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(BUDGET);
    }
    warm = true;
  }

  private static Outcome run(byte[] bytes, boolean bytewise) throws IOException {
    try (EmbeddedConnection conn = new EmbeddedConnection(LIMITS)) {
      if (bytewise) {
        sendBytewise(conn, bytes);
      } else {
        conn.send(bytes, 0);
      }
      conn.checkException();
      conn.serve();
      conn.advance(LIMITS.clientTimeout().plusSeconds(1));
      conn.advance(LIMITS.keepAliveTimeout().plusSeconds(1));
      conn.checkException();

      List<String> served = new ArrayList<>();
      List<Boolean> heads = new ArrayList<>();
      for (HttpExchange ex : conn.dispatched()) {
        assertWellFormed(ex);
        served.add(ex.method() + " " + ex.rawPath() + " " + ex.protocol());
        heads.add(ex.isHead());
      }
      List<Integer> statuses = statuses(conn.wire(), heads);
      assertThat(conn.isOpen())
          .as("open after the client fell silent past every timeout")
          .isFalse();
      return new Outcome(served, statuses);
    }
  }

  /**
   * One byte at a time, but a CR with the LF after it: Netty's decoder counts the CR of a line it
   * has not seen the end of, so a line of exactly the limit cut between its CR and LF is over it
   * (414 or 431) when the same line at once is not.
   */
  private static void sendBytewise(EmbeddedConnection conn, byte[] bytes) {
    for (int i = 0; i < bytes.length && conn.isOpen(); i++) {
      boolean crlf = bytes[i] == '\r' && i + 1 < bytes.length && bytes[i + 1] == '\n';
      conn.send(Arrays.copyOfRange(bytes, i, crlf ? i + 2 : i + 1), 0);
      i += crlf ? 1 : 0;
    }
  }

  /** What the application got is a request RFC 9112 allows, whatever the bytes were. */
  private static void assertWellFormed(HttpExchange ex) {
    assertThat(ex.method()).matches(TOKEN);
    assertThat(ex.protocol()).isIn("HTTP/1.1", "HTTP/1.0");
    assertThat(ex.rawPath()).matches(p -> p.startsWith("/") || p.equals("*"), "a path or *");
    assertThat(ex.rawPath() + ex.rawQuery()).as("target").matches(TARGET_CHARS);
    String[] h = ex.headers();
    int hosts = 0;
    for (int i = 0; i < h.length; i += 2) {
      assertThat(h[i]).as("header name").matches(TOKEN);
      assertThat(h[i + 1]).as("value of %s", h[i]).matches(FIELD_VALUE);
      hosts += h[i].equalsIgnoreCase("Host") ? 1 : 0;
    }
    assertThat(hosts).as("Host headers").isLessThanOrEqualTo(1);
    if (ex.protocol().equals("HTTP/1.1")) {
      assertThat(hosts).as("Host headers").isEqualTo(1);
    }
  }

  /**
   * Parses every byte written as responses, in order: the first ones answer the dispatched
   * exchanges ({@code heads} says which were HEAD), a last one may be a refused head.
   */
  private static List<Integer> statuses(byte[] wire, List<Boolean> heads) throws IOException {
    ByteArrayInputStream in = new ByteArrayInputStream(wire);
    List<Integer> statuses = new ArrayList<>();
    int exchange = 0;
    while (in.available() > 0) {
      assertThat(statuses.stream().filter(s -> s >= 400)).as("a response after an error").isEmpty();
      RawResponse r = next(in, exchange < heads.size() && heads.get(exchange));
      assertThat(ALLOWED).as("allowed statuses").contains(r.status());
      if (r.status() != 100) {
        exchange++;
        assertThat(r.header("Server")).isEqualTo("kubewsgi");
        assertThat(r.header("Date")).isNotNull();
        assertThat(r.header("Content-Length") != null || r.chunked() || r.closes())
            .as("framed")
            .isTrue();
      }
      if (r.status() >= 400) {
        assertThat(r.closes()).as("an error says Connection: close").isTrue();
      }
      statuses.add(r.status());
    }
    return statuses;
  }

  /**
   * One response; a refused HEAD (413, 417) has no body, and the parser cannot know it was a HEAD.
   */
  private static RawResponse next(ByteArrayInputStream in, boolean head) throws IOException {
    in.mark(Integer.MAX_VALUE);
    try {
      return RawResponse.read(in, head);
    } catch (EOFException truncated) {
      in.reset();
      RawResponse r = RawResponse.read(in, true);
      assertThat(r.status()).as("a bodiless answer to a HEAD refused").isIn(413, 417);
      assertThat(in.available()).isZero();
      return r;
    }
  }
}
