package dev.kubewsgi.runtime.http;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOutboundHandlerAdapter;
import io.netty.channel.ChannelPromise;
import io.netty.channel.embedded.EmbeddedChannel;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * One connection through the real pipeline on an {@link EmbeddedChannel}: no socket, a frozen
 * clock, every byte written to the wire recorded, and the {@link CorpusApp} serving each exchange
 * on the calling thread once its body is in.
 */
final class EmbeddedConnection implements AutoCloseable {

  /** Exchanges served before {@link #serve} gives up on a connection that keeps producing them. */
  private static final int MAX_SERVED_PER_CALL = 100_000;

  private final EmbeddedChannel ch = new EmbeddedChannel();
  private final ByteArrayOutputStream wire = new ByteArrayOutputStream();
  private final ArrayDeque<HttpExchange> pending = new ArrayDeque<>();
  private final List<HttpExchange> dispatched = new ArrayList<>();

  EmbeddedConnection(RequestLimits limits) {
    ch.freezeTime(); // before the pipeline exists, so its timers run on the frozen clock
    ch.config().setAutoRead(false); // as the server's child channels
    ch.pipeline().addLast(new WireRecorder(wire));
    HttpConnection connection =
        new HttpConnection(
            limits,
            ex -> {
              pending.add(ex);
              dispatched.add(ex);
            },
            new Connections());
    HttpChannelInitializer.addHandlers(ch.pipeline(), limits, connection);
    ch.pipeline().fireChannelActive();
  }

  /** Sends {@code bytes} in pieces of {@code step} bytes (0: at once) while the channel is open. */
  void send(byte[] bytes, int step) {
    int n = step > 0 ? step : Math.max(1, bytes.length);
    for (int i = 0; i < bytes.length && ch.isOpen(); i += n) {
      ch.writeInbound(Unpooled.wrappedBuffer(bytes, i, Math.min(n, bytes.length - i)));
    }
  }

  /** Serves every exchange whose body is complete, in order, until nothing more can move. */
  void serve() throws IOException {
    for (int round = 0; round < MAX_SERVED_PER_CALL; round++) {
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
    throw new IllegalStateException("still serving after " + MAX_SERVED_PER_CALL + " exchanges");
  }

  /** Moves the clock by {@code time}, runs the timers that came due, and serves what that freed. */
  void advance(Duration time) throws IOException {
    ch.advanceTimeBy(time.toNanos(), TimeUnit.NANOSECONDS);
    ch.runScheduledPendingTasks();
    serve();
  }

  /** Every byte the connection wrote, after running what was queued. */
  byte[] wire() {
    ch.runPendingTasks();
    return wire.toByteArray();
  }

  /** The exchanges handed to the application, in order. */
  List<HttpExchange> dispatched() {
    return dispatched;
  }

  boolean isOpen() {
    return ch.isOpen();
  }

  /** Rethrows what reached the end of the pipeline, if anything did. */
  void checkException() {
    ch.checkException();
  }

  @Override
  public void close() {
    ch.finishAndReleaseAll();
  }

  /**
   * Copies every byte written to the wire as it is written (the embedded outbound queue is not
   * relied on).
   */
  private static final class WireRecorder extends ChannelOutboundHandlerAdapter {
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
}
