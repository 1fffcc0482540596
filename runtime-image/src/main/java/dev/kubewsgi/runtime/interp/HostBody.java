package dev.kubewsgi.runtime.interp;

import java.io.IOException;

/**
 * The request body as Python sees it: {@code readInto} fills the Java storage of a fresh Python
 * bytearray ({@code polyglot.storage}), one arraycopy per chunk. A latin-1 String that Python
 * encodes cost ~4 ns a byte (GraalPy 25.0 encodes char by char through a CharsetEncoder); a host
 * ByteBuffer is not bytes-like there, and a byte[] arrives as a list read element by element.
 */
public final class HostBody {

  private final BodySource source;
  private volatile Exception failure;

  HostBody(BodySource source) {
    this.source = source;
  }

  /**
   * Called from Python: fills {@code into} from its start; the count, or -1 at the end of the body.
   */
  public int readInto(byte[] into) throws IOException {
    try {
      return source.read(into, 0, into.length);
    } catch (IOException | RuntimeException e) {
      failure = e;
      throw e;
    }
  }

  /** The exception reading the body raised, if any: it decides the status instead of a 500. */
  Exception failure() {
    return failure;
  }
}
