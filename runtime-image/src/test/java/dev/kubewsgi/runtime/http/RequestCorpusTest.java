package dev.kubewsgi.runtime.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOutboundHandlerAdapter;
import io.netty.channel.ChannelPromise;
import io.netty.channel.embedded.EmbeddedChannel;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The request corpus (src/test/resources/http/corpus) through the real pipeline on an {@link
 * EmbeddedChannel}: no socket, a frozen clock, and an application served on the test thread once
 * each body is in.
 */
class RequestCorpusTest {

  static Stream<Path> corpus() throws IOException, URISyntaxException {
    Path dir = Path.of(RequestCorpusTest.class.getResource("/http/corpus").toURI());
    return Files.list(dir).filter(p -> p.toString().endsWith(".http")).sorted();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("corpus")
  void behavesAsTheCorpusSays(Path file) throws Exception {
    CorpusCase c = CorpusCase.load(file);
    ArrayDeque<HttpExchange> pending = new ArrayDeque<>();
    HttpConnection connection = new HttpConnection(c.limits(), pending::add, new Connections());
    EmbeddedChannel ch = new EmbeddedChannel();
    ch.freezeTime(); // before the pipeline exists, so its timers run on the frozen clock
    ch.config().setAutoRead(false); // as the server's child channels
    ByteArrayOutputStream wire = new ByteArrayOutputStream();
    ch.pipeline().addLast(new WireRecorder(wire));
    HttpChannelInitializer.addHandlers(ch.pipeline(), c.limits(), connection);
    ch.pipeline().fireChannelActive();

    send(ch, c);
    serve(ch, pending);
    if (!c.advance().isZero()) {
      ch.advanceTimeBy(c.advance().toNanos(), TimeUnit.NANOSECONDS);
      ch.runScheduledPendingTasks();
      serve(ch, pending);
    }

    List<RawResponse> responses = responses(ch, wire, c);
    List<String> statuses = responses.stream().map(r -> Integer.toString(r.status())).toList();
    List<String> expected = c.expectedStatuses().stream().map(s -> s.replace("/head", "")).toList();
    assertThat(statuses).as("statuses of %s", c.name()).isEqualTo(expected);
    c.bodies()
        .forEach(
            (i, body) -> assertThat(responses.get(i - 1).text()).as("body %d", i).isEqualTo(body));
    c.headers()
        .forEach(
            (i, header) -> {
              String name = header.substring(0, header.indexOf(':'));
              String value = header.substring(header.indexOf(':') + 1).trim();
              assertThat(responses.get(i - 1).header(name))
                  .as("header %d %s", i, name)
                  .isEqualTo(value);
            });
    if (c.closed() != null) {
      assertThat(!ch.isOpen()).as("connection closed").isEqualTo(c.closed());
    }
    ch.finishAndReleaseAll();
  }

  private static void send(EmbeddedChannel ch, CorpusCase c) {
    byte[] b = c.request();
    int step = c.split() > 0 ? c.split() : Math.max(1, b.length);
    for (int i = 0; i < b.length && ch.isOpen(); i += step) {
      ch.writeInbound(Unpooled.wrappedBuffer(b, i, Math.min(step, b.length - i)));
    }
  }

  /** Serves every exchange whose body is complete, in order, until nothing more can move. */
  private static void serve(EmbeddedChannel ch, ArrayDeque<HttpExchange> pending)
      throws IOException {
    for (int round = 0; round < 100; round++) {
      ch.runPendingTasks();
      HttpExchange ex = pending.peek();
      if (ex != null && ex.body() instanceof StreamingRequestBody body && !body.settled()) {
        body.start(); // what the app's first read does: 100 Continue, and the body is read
        ch.runPendingTasks();
      }
      if (ex == null
          || !(ex.body() == RequestBody.EMPTY || ((StreamingRequestBody) ex.body()).settled())
              && !ex.rawPath().equals("/noread")) {
        return;
      }
      pending.poll();
      CorpusApp.serve(ex, ch::runPendingTasks);
    }
  }

  private static List<RawResponse> responses(
      EmbeddedChannel ch, ByteArrayOutputStream wire, CorpusCase c) throws IOException {
    ch.runPendingTasks();
    ByteArrayInputStream in = new ByteArrayInputStream(wire.toByteArray());
    List<RawResponse> out = new ArrayList<>();
    List<String> expect = c.expectedStatuses();
    for (int i = 0; in.available() > 0; i++) {
      boolean head = i < expect.size() && expect.get(i).endsWith("/head");
      out.add(RawResponse.read(in, head));
    }
    return out;
  }

  /**
   * Copies every byte written to the wire as it is written (the embedded outbound queue is not
   * relied on).
   */
  static final class WireRecorder extends ChannelOutboundHandlerAdapter {
    private final ByteArrayOutputStream wire;

    WireRecorder(ByteArrayOutputStream wire) {
      this.wire = wire;
    }

    @Override
    public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
      if (msg instanceof ByteBuf b) {
        byte[] bytes = new byte[b.readableBytes()];
        b.getBytes(b.readerIndex(), bytes);
        wire.writeBytes(bytes);
      }
      ctx.write(msg, promise);
    }
  }

  /**
   * The corpus's application: describes the request it got; {@code /noread} answers without
   * reading.
   */
  static final class CorpusApp {
    /**
     * {@code step} runs the event loop's queue after each call: an embedded channel runs queued
     * tasks inside a write, which a real event loop never does, so at most one of ours may be
     * queued at a time.
     */
    static void serve(HttpExchange ex, Runnable step) throws IOException {
      StringBuilder got = new StringBuilder();
      if (!ex.rawPath().equals("/noread")) {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        byte[] buf = new byte[100];
        try {
          for (int n; (n = ex.body().read(buf, 0, buf.length)) != -1; ) {
            body.write(buf, 0, n);
          }
        } catch (RequestBodyException e) {
          ex.fail(e.status(), e.getMessage());
          step.run();
          return;
        }
        step.run();
        got.append(body.toString(StandardCharsets.ISO_8859_1));
      }
      String echo = null;
      String[] h = ex.headers();
      for (int i = 0; i < h.length; i += 2) {
        if (h[i].equalsIgnoreCase("X-Echo")) {
          echo = h[i + 1];
        }
      }
      String text =
          ex.method()
              + " "
              + ex.rawPath()
              + (ex.rawQuery().isEmpty() ? "" : "?" + ex.rawQuery())
              + " "
              + ex.protocol()
              + " ["
              + got
              + "]";
      byte[] b = text.getBytes(StandardCharsets.ISO_8859_1);
      List<String> headers = new ArrayList<>(List.of("Content-Type", "text/plain"));
      if (echo != null) {
        headers.addAll(List.of("X-Echo", echo));
      }
      if (!ex.rawPath().startsWith("/chunked")) {
        headers.addAll(List.of("Content-Length", Integer.toString(b.length)));
      }
      ex.sendHead(200, "OK", headers.toArray(String[]::new));
      ex.write(ByteBuffer.wrap(b, 0, b.length / 2));
      step.run();
      ex.write(ByteBuffer.wrap(b, b.length / 2, b.length - b.length / 2));
      step.run();
      ex.finish();
      step.run();
    }
  }
}
