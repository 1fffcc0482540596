package dev.kubewsgi.runtime.accesslog;

import dev.kubewsgi.api.spec.AccessLogSpec;
import java.io.OutputStream;
import java.time.ZoneId;

/**
 * The access log: one line per request the applications or the dispatcher answered (warm-up
 * excluded), formatted on the serving thread and written to stdout by a {@link LineWriter}.
 */
public final class AccessLog implements AutoCloseable {

  /** Logs nothing. */
  public static final AccessLog OFF = new AccessLog(null, null);

  private final LogFormat format;
  private final LineWriter writer;

  private AccessLog(LogFormat format, LineWriter writer) {
    this.format = format;
    this.writer = writer;
  }

  /** From a validated spec (null means the defaults: on, combined), writing to {@code out}. */
  public static AccessLog of(AccessLogSpec spec, OutputStream out) {
    AccessLogSpec s = spec != null ? spec : new AccessLogSpec();
    if (Boolean.FALSE.equals(s.getEnabled())) {
      return OFF;
    }
    return new AccessLog(LogFormat.of(s.getFormat(), ZoneId.systemDefault()), new LineWriter(out));
  }

  public boolean enabled() {
    return writer != null;
  }

  public void record(AccessLogEntry entry) {
    if (writer != null) {
      writer.write(format.format(entry));
    }
  }

  /** Writes the lines still queued. */
  @Override
  public void close() {
    if (writer != null) {
      writer.close();
    }
  }
}
