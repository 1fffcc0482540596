package dev.kubewsgi.runtime.accesslog;

import dev.kubewsgi.api.spec.AccessLogSpec;
import java.io.OutputStream;
import java.time.ZoneId;

/**
 * The access log: one line per request the applications or the dispatcher answered (warm-up
 * excluded); the serving thread hands over an entry, a {@link LineWriter} formats and writes it.
 */
public final class AccessLog implements AutoCloseable {

  /** Logs nothing. */
  public static final AccessLog OFF = new AccessLog(null);

  private final LineWriter writer;

  private AccessLog(LineWriter writer) {
    this.writer = writer;
  }

  /** From a validated spec (null means the defaults: on, combined), writing to {@code out}. */
  public static AccessLog of(AccessLogSpec spec, OutputStream out) {
    AccessLogSpec s = spec != null ? spec : new AccessLogSpec();
    if (Boolean.FALSE.equals(s.getEnabled())) {
      return OFF;
    }
    return new AccessLog(new LineWriter(LogFormat.of(s.getFormat(), ZoneId.systemDefault()), out));
  }

  public boolean enabled() {
    return writer != null;
  }

  public void record(AccessLogEntry entry) {
    if (writer != null) {
      writer.write(entry);
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
