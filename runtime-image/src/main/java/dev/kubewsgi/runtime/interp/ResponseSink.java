package dev.kubewsgi.runtime.interp;

import java.nio.ByteBuffer;

/** Where the adapter sends a response: the head once, body chunks as they come, then the end. */
public interface ResponseSink {

  /** Sends the status line and headers (name, value, name, value, ...). */
  void head(int status, String reason, String[] headers) throws Exception;

  /** Sends one body chunk; may block while the client is slow (backpressure). */
  void write(ByteBuffer chunk) throws Exception;

  /**
   * Sends {@code count} bytes of the file at {@code path} from {@code position} as the body's next
   * bytes, zero-copy; false, having sent nothing, when it is not a regular file that can be opened.
   */
  boolean sendFile(String path, long position, long count) throws Exception;

  /** The response is complete. */
  void finish();

  /**
   * The application raised: answer 500 (or the status of {@code bodyFailure}, when reading the body
   * failed) if the head is not sent yet, else abort the response.
   */
  void fail(boolean headSent, String traceback, Exception bodyFailure);

  /** The user the auth hooks authenticated (REMOTE_USER), for the access log's {@code %u}. */
  void user(String name);

  /** One line the application wrote to {@code wsgi.errors}. */
  void log(String line);
}
