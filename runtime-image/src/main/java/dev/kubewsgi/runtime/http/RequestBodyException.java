package dev.kubewsgi.runtime.http;

import java.io.IOException;

/** Reading the request body failed; {@link #status()} is the HTTP status the client deserves. */
public final class RequestBodyException extends IOException {

  private final int status;

  public RequestBodyException(int status, String message) {
    super(message);
    this.status = status;
  }

  /** 408 (client too slow), 413 (body too large), 400 (malformed chunked body or client gone). */
  public int status() {
    return status;
  }
}
