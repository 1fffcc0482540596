package dev.kubewsgi.runtime.dispatch;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kubewsgi.runtime.accesslog.AccessLog;
import dev.kubewsgi.runtime.http.HttpExchange;
import dev.kubewsgi.runtime.http.RequestBody;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The sweep's decisions, driven by hand with chosen start times. The end-to-end 504 (a real GraalPy
 * request outliving the timeout, the worker replaced) is in LifecycleGraalPyTest; here the worker
 * has no interpreter, since the sweep never touches it.
 */
class RequestTimeoutsTest {

  private static final Duration TIMEOUT = Duration.ofSeconds(30);

  private final ScheduledExecutorService timers = Executors.newSingleThreadScheduledExecutor();
  private final RequestTimeouts timeouts = new RequestTimeouts(timers, TIMEOUT);
  private final RequestMetrics metrics = new RequestMetrics(new SimpleMeterRegistry());
  private final Worker worker =
      new Worker(
          null,
          1,
          1,
          new DispatchSettings(
              Duration.ofSeconds(5),
              1000,
              TIMEOUT,
              0,
              0,
              null,
              TrustedProxies.of(null),
              AccessLog.OFF),
          metrics,
          timeouts);
  private final AtomicInteger recycles = new AtomicInteger();

  {
    worker.onRecycle(w -> recycles.incrementAndGet());
  }

  @AfterEach
  void stop() {
    timers.shutdownNow();
  }

  @Test
  void aRequestOlderThanTheTimeoutGets504AndRecyclesItsWorkerOnce() {
    RecordingExchange exchange = new RecordingExchange();
    RequestTimeouts.Slot slot = timeouts.open(worker);
    slot.begin(
        System.nanoTime() - TIMEOUT.toNanos() - 1, new ResponseWriter(exchange, null, "g/0"));

    timeouts.sweep();
    timeouts.sweep();

    assertThat(exchange.failedWith).isEqualTo(504);
    assertThat(exchange.failures).isEqualTo(1);
    assertThat(recycles).hasValue(1);
    assertThat(slot.end()).as("the thread learns its request timed out").isTrue();
  }

  @Test
  void aRequestWithinTheTimeoutIsLeftAlone() {
    RecordingExchange exchange = new RecordingExchange();
    RequestTimeouts.Slot slot = timeouts.open(worker);
    slot.begin(
        System.nanoTime() - TIMEOUT.toNanos() / 2, new ResponseWriter(exchange, null, "g/0"));

    timeouts.sweep();

    assertThat(exchange.failures).isZero();
    assertThat(recycles).hasValue(0);
    assertThat(slot.end()).isFalse();
  }

  @Test
  void anEndedRequestIsNeverTimedOutAndTheSlotServesTheNextOne() {
    RecordingExchange first = new RecordingExchange();
    RecordingExchange second = new RecordingExchange();
    RequestTimeouts.Slot slot = timeouts.open(worker);
    slot.begin(System.nanoTime() - TIMEOUT.toNanos() - 1, new ResponseWriter(first, null, "g/0"));
    assertThat(slot.end()).isFalse();
    slot.begin(System.nanoTime(), new ResponseWriter(second, null, "g/0"));

    timeouts.sweep();

    assertThat(first.failures).isZero();
    assertThat(second.failures).isZero();
    assertThat(recycles).hasValue(0);
  }

  @Test
  void idleSlotsOfARetiredWorkerAreForgottenBusyOnesKept() {
    RequestTimeouts.Slot idle = timeouts.open(worker);
    RequestTimeouts.Slot busy = timeouts.open(worker);
    busy.begin(System.nanoTime(), new ResponseWriter(new RecordingExchange(), null, "g/0"));
    timeouts.sweep();
    assertThat(timeouts.slots()).as("a live worker keeps its idle slots").isEqualTo(2);

    worker.retire();
    timeouts.sweep();
    assertThat(timeouts.slots()).as("the busy slot stays until its request ends").isEqualTo(1);

    busy.end();
    timeouts.sweep();
    assertThat(timeouts.slots()).isZero();
    assertThat(idle.end()).isFalse();
  }

  @Test
  void aRetiredWorkersOwnThreadKeepsItsSlotForTheLastRequestItTakes() {
    // The thread was waiting on the queue when its worker was retired, then took one more request:
    // a sweep in between must not forget the slot, or that request never gets its 504.
    RequestTimeouts.Slot own = timeouts.openPinned(worker);
    worker.retire();
    timeouts.sweep();
    assertThat(timeouts.slots()).isEqualTo(1);

    RecordingExchange last = new RecordingExchange();
    own.begin(System.nanoTime() - TIMEOUT.toNanos() - 1, new ResponseWriter(last, null, "g/0"));
    timeouts.sweep();
    assertThat(last.failedWith).isEqualTo(504);

    own.end();
    timeouts.close(own);
    assertThat(timeouts.slots()).isZero();
  }

  /** Records how the exchange was ended. */
  private static final class RecordingExchange implements HttpExchange {
    volatile int failedWith;
    volatile int failures;

    @Override
    public String method() {
      return "GET";
    }

    @Override
    public String rawPath() {
      return "/slow";
    }

    @Override
    public String rawQuery() {
      return "";
    }

    @Override
    public String protocol() {
      return "HTTP/1.1";
    }

    @Override
    public String[] headers() {
      return new String[0];
    }

    @Override
    public long contentLength() {
      return -1;
    }

    @Override
    public InetSocketAddress remoteAddress() {
      return null;
    }

    @Override
    public InetSocketAddress localAddress() {
      return null;
    }

    @Override
    public RequestBody body() {
      return (b, off, len) -> -1;
    }

    @Override
    public boolean isHead() {
      return false;
    }

    @Override
    public void sendHead(int status, String reason, String[] headers) {}

    @Override
    public void write(ByteBuffer chunk) {}

    @Override
    public void sendFile(FileChannel file, long position, long count) {}

    @Override
    public void finish() {}

    @Override
    public synchronized void fail(int status, String message) {
      failedWith = status;
      failures++;
    }
  }
}
