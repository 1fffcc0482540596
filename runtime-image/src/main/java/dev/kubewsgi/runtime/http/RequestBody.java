package dev.kubewsgi.runtime.http;

/** The request body as it arrives from the client; read by one worker thread. */
public interface RequestBody {

  /**
   * Blocks until at least one byte is available, the body ended, or the client failed.
   *
   * @return the number of bytes read (at least 1 when {@code len > 0}), or -1 at the end of the
   *     body
   * @throws RequestBodyException when the client was too slow (408), sent too much (413), sent a
   *     malformed chunked body (400), or went away
   */
  int read(byte[] b, int off, int len) throws RequestBodyException;

  /** A body with nothing in it. */
  RequestBody EMPTY = (b, off, len) -> -1;
}
