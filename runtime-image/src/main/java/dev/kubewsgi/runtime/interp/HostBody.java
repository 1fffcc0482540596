package dev.kubewsgi.runtime.interp;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * The request body as Python sees it: {@code read(n)} returns the bytes as a latin-1 String, which
 * crosses in one piece and becomes bytes with one {@code encode("latin-1")}; GraalPy 25.0 cannot view
 * a host ByteBuffer as bytes, and a byte[] arrives as a list read element by element.
 */
public final class HostBody {

  private final BodySource source;
  private volatile Exception failure;

  HostBody(BodySource source) {
    this.source = source;
  }

  /** Called from Python. */
  public String read(int size) throws IOException {
    byte[] buffer = new byte[Math.max(1, Math.min(size, 1 << 20))];
    int n;
    try {
      n = source.read(buffer, 0, buffer.length);
    } catch (IOException | RuntimeException e) {
      failure = e;
      throw e;
    }
    return n < 0 ? null : new String(buffer, 0, n, StandardCharsets.ISO_8859_1);
  }

  /** The exception reading the body raised, if any: it decides the status instead of a 500. */
  Exception failure() {
    return failure;
  }
}
