package dev.kubewsgi.runtime.warmup;

import dev.kubewsgi.runtime.admin.RuntimeStatus;
import dev.kubewsgi.runtime.dispatch.Dispatcher;
import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The last warm-up step, after the interpreters are warm and the port is bound: the declared
 * requests once more, over real HTTP on loopback, until HotSpot has compiled the Java request path
 * (Netty's codec, dispatch, the bridge). The interpreter warm-up bypasses HTTP, and without this
 * pass C2 compiled that path during the first real requests: p99 of the first 1,000 sequential
 * requests after Ready was 6-7 ms against 0.5 ms once warm.
 *
 * <p>Not fatal: the interpreters are warm and their answers were checked; a failure here is logged.
 * These requests are neither counted in the request metrics nor written to the access log.
 */
public final class HttpWarmup {

  private static final Logger log = LoggerFactory.getLogger(HttpWarmup.class);

  private static final long BLOCK_NANOS = 250_000_000L;
  // The interpreters are warm already: two quiet blocks of Truffle and HotSpot are enough here.
  private static final int QUIET_BLOCKS = 2;
  private static final long MAX_NANOS = 20_000_000_000L;
  private static final int MAX_CONNECTIONS = 4;

  private final WarmupPlan plan;
  private final RuntimeStatus status;
  private final JitActivity jit = new JitActivity();
  private final Dispatcher dispatcher;

  public HttpWarmup(WarmupPlan plan, RuntimeStatus status, Dispatcher dispatcher) {
    this.plan = plan;
    this.status = status;
    this.dispatcher = dispatcher;
  }

  /**
   * Runs until the JIT is quiet, the declared counts are sent (unless untilSettled), {@link
   * #MAX_NANOS}, or {@code deadlineNanos}; returns requests sent.
   */
  public long run(InetSocketAddress target, int connections, long deadlineNanos)
      throws InterruptedException {
    if (plan.isEmpty()) {
      return 0;
    }
    List<WarmupRequest> requests = plan.requests();
    long start = System.nanoTime();
    long end = Math.min(deadlineNanos, start + MAX_NANOS);
    // With untilSettled, until the JIT is quiet; else no more than the declared counts.
    long budget = plan.untilSettled() ? Long.MAX_VALUE : plan.declaredTotal();
    AtomicBoolean stop = new AtomicBoolean();
    AtomicLong sent = new AtomicLong();
    List<String> errors = new ArrayList<>();
    List<Thread> clients = new ArrayList<>();
    int n = Math.max(1, Math.min(MAX_CONNECTIONS, connections));
    for (int c = 0; c < n; c++) {
      int offset = c;
      clients.add(
          Thread.ofPlatform()
              .name("kubewsgi-http-warmup-" + c)
              .daemon(true)
              .start(
                  () -> {
                    try {
                      loop(target, requests, offset, stop, sent, budget, dispatcher);
                    } catch (IOException | RuntimeException e) {
                      synchronized (errors) {
                        errors.add(e.toString());
                      }
                      stop.set(true);
                    }
                  }));
    }
    String note;
    // No median here (the clients run in parallel): the JIT alone decides, Truffle's and HotSpot's.
    SettleRule rule = new SettleRule(QUIET_BLOCKS, 0);
    long last = jit.nanos() + jit.hotspotNanos();
    while (true) {
      Thread.sleep(BLOCK_NANOS / 1_000_000);
      long now = jit.nanos() + jit.hotspotNanos();
      double busy = 100.0 * (now - last) / BLOCK_NANOS;
      boolean quiet = rule.observe(Double.NaN, BLOCK_NANOS, now - last);
      last = now;
      if (stop.get()) {
        note = "stopped by an error";
        break;
      }
      if (quiet) {
        note = "JIT quiet";
        break;
      }
      if (sent.get() >= budget) {
        note = "declared count sent";
        break;
      }
      if (System.nanoTime() > end) {
        note = "time bound reached with the JIT still busy (" + Math.round(busy) + "%)";
        break;
      }
    }
    stop.set(true);
    for (Thread t : clients) {
      t.join(10_000);
    }
    if (!errors.isEmpty()) {
      synchronized (errors) {
        note += ": " + errors;
      }
    }
    long millis = (System.nanoTime() - start) / 1_000_000;
    status.warmup(
        "http",
        new RuntimeStatus.WarmupProgress(
            sent.get(),
            sent.get(),
            "JIT quiet".equals(note),
            null,
            null,
            note + " after " + millis + " ms"));
    if (errors.isEmpty()) {
      log.info(
          "HTTP warm-up: {} requests over {} connection(s) in {} ms, {}",
          sent.get(),
          n,
          millis,
          note);
    } else {
      log.warn(
          "HTTP warm-up: {} requests, {}; the interpreters are warm, so Ready anyway",
          sent.get(),
          note);
    }
    return sent.get();
  }

  private static void loop(
      InetSocketAddress target,
      List<WarmupRequest> requests,
      int offset,
      AtomicBoolean stop,
      AtomicLong sent,
      long budget,
      Dispatcher dispatcher)
      throws IOException {
    // Every request with every client header profile, rotated.
    List<byte[]> wire = new ArrayList<>();
    for (int p = 0; p < ClientHeaders.PROFILE_COUNT * requests.size(); p++) {
      wire.add(wire(requests.get(p % requests.size()), p / requests.size()));
    }
    long i = offset;
    while (!stop.get() && sent.get() < budget) {
      try (Socket socket = new Socket()) {
        socket.connect(target, 5_000);
        // Registered before the first request, removed after the last response: not logged.
        int port = socket.getLocalPort();
        dispatcher.warmupConnection(port, true);
        try {
          socket.setSoTimeout(30_000);
          socket.setTcpNoDelay(true);
          OutputStream out = socket.getOutputStream();
          InputStream in = new BufferedInputStream(socket.getInputStream(), 65536);
          // A new connection now and then, so accepting and closing are warm too.
          for (int k = 0; k < 200 && !stop.get() && sent.get() < budget; k++, i++) {
            WarmupRequest request = requests.get((int) (i % requests.size()));
            out.write(wire.get((int) (i % wire.size())));
            out.flush();
            boolean keepAlive = readResponse(in, request.isHead());
            sent.incrementAndGet();
            if (!keepAlive) {
              break;
            }
          }
        } finally {
          dispatcher.warmupConnection(port, false);
        }
      }
    }
  }

  private static byte[] wire(WarmupRequest request, long profile) {
    byte[] body = request.body();
    StringBuilder head =
        new StringBuilder()
            .append(request.method())
            .append(' ')
            .append(request.target())
            .append(" HTTP/1.1\r\n");
    String[] headers = request.headersFor(profile);
    for (int h = 0; h + 1 < headers.length; h += 2) {
      if (headers[h].equalsIgnoreCase("connection")) {
        continue; // the warm-up's clients keep their connections open
      }
      head.append(headers[h]).append(": ").append(headers[h + 1]).append("\r\n");
    }
    head.append("\r\n");
    byte[] h = head.toString().getBytes(StandardCharsets.ISO_8859_1);
    byte[] all = new byte[h.length + body.length];
    System.arraycopy(h, 0, all, 0, h.length);
    System.arraycopy(body, 0, all, h.length, body.length);
    return all;
  }

  /** Reads one response off the connection; returns whether the connection stays open. */
  static boolean readResponse(InputStream in, boolean head) throws IOException {
    String statusLine = line(in);
    if (!statusLine.startsWith("HTTP/1.")) {
      throw new IOException("not an HTTP response: " + statusLine);
    }
    long length = -1;
    boolean chunked = false;
    boolean close = false;
    for (String line = line(in); !line.isEmpty(); line = line(in)) {
      int colon = line.indexOf(':');
      String name = line.substring(0, Math.max(colon, 0)).trim().toLowerCase(Locale.ROOT);
      String value = line.substring(colon + 1).trim().toLowerCase(Locale.ROOT);
      switch (name) {
        case "content-length" -> length = Long.parseLong(value);
        case "transfer-encoding" -> chunked = value.contains("chunked");
        case "connection" -> close = value.contains("close");
        default -> {}
      }
    }
    int code = Integer.parseInt(statusLine.substring(9, 12));
    if (head || code == 204 || code == 304 || code / 100 == 1) {
      return !close;
    }
    if (chunked) {
      for (long size = Long.parseLong(line(in).split(";")[0].trim(), 16);
          size > 0;
          size = Long.parseLong(line(in).split(";")[0].trim(), 16)) {
        skip(in, size);
        line(in);
      }
      while (!line(in).isEmpty()) {
        // trailers
      }
      return !close;
    }
    if (length >= 0) {
      skip(in, length);
      return !close;
    }
    while (in.read() >= 0) {
      // close-delimited
    }
    return false;
  }

  private static void skip(InputStream in, long n) throws IOException {
    while (n > 0) {
      long skipped = in.skip(n);
      if (skipped <= 0) {
        if (in.read() < 0) {
          throw new EOFException("response body ended early");
        }
        skipped = 1;
      }
      n -= skipped;
    }
  }

  private static String line(InputStream in) throws IOException {
    StringBuilder s = new StringBuilder();
    for (int b = in.read(); b != '\n'; b = in.read()) {
      if (b < 0) {
        throw new EOFException("connection closed mid-response");
      }
      if (b != '\r') {
        s.append((char) b);
      }
    }
    return s.toString();
  }
}
