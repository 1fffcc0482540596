package dev.kubewsgi.runtime.interp;

import java.nio.ByteBuffer;
import org.graalvm.polyglot.Value;

/**
 * The response side as Python sees it; turns Python bytes into ByteBuffers for the {@link
 * ResponseSink}.
 */
public final class HostSink {

  private final ResponseSink sink;
  private final HostBody body;

  HostSink(ResponseSink sink, HostBody body) {
    this.sink = sink;
    this.body = body;
  }

  /**
   * Called from Python: headers arrive as one NUL-joined string (one crossing, not one per header).
   */
  public void head(int status, String reason, String headers) throws Exception {
    sink.head(status, reason, headers.isEmpty() ? new String[0] : headers.split("\0", -1));
  }

  /** Called from Python with a bytes object, read through the buffer API. */
  public void write(Value data) throws Exception {
    int size = (int) data.getBufferSize();
    byte[] copy = new byte[size];
    data.readBuffer(0, copy, 0, size);
    sink.write(ByteBuffer.wrap(copy));
  }

  /**
   * Called from Python for a {@code wsgi.file_wrapper} over a regular file: sends {@code count}
   * bytes from {@code position} (the rest of the file, as Python measured it for the
   * Content-Length) by sendfile; false when it cannot (the adapter then iterates the wrapper).
   */
  public boolean sendFile(String path, long position, long count) throws Exception {
    return sink.sendFile(path, position, count);
  }

  public void finish() {
    sink.finish();
  }

  public void error(boolean headSent, String traceback) {
    sink.fail(headSent, traceback, body.failure());
  }

  public void user(String name) {
    sink.user(name);
  }

  public void log(String line) {
    sink.log(line);
  }
}
