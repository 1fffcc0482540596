package dev.kubewsgi.runtime.interp;

import java.io.IOException;

/** The request body as the adapter's {@code wsgi.input} reads it. */
public interface BodySource {

  /** Reads up to {@code len} bytes; -1 at the end of the body. */
  int read(byte[] buffer, int offset, int len) throws IOException;
}
