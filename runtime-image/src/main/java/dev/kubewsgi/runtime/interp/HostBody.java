package dev.kubewsgi.runtime.interp;

import java.io.IOException;
import java.nio.ByteBuffer;

/** The request body as Python sees it: {@code read(n)} returns a ByteBuffer (a zero-copy memoryview there) or None. */
public final class HostBody {

  private final BodySource source;
  private volatile Exception failure;

  HostBody(BodySource source) {
    this.source = source;
  }

  /** Called from Python. */
  public ByteBuffer read(int size) throws IOException {
    byte[] buffer = new byte[Math.max(1, Math.min(size, 1 << 20))];
    int n;
    try {
      n = source.read(buffer, 0, buffer.length);
    } catch (IOException | RuntimeException e) {
      failure = e;
      throw e;
    }
    return n < 0 ? null : ByteBuffer.wrap(buffer, 0, n);
  }

  /** The exception reading the body raised, if any: it decides the status instead of a 500. */
  Exception failure() {
    return failure;
  }
}
