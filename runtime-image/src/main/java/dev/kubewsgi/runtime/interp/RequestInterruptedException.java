package dev.kubewsgi.runtime.interp;

/** A call into Python stopped by {@link Interpreter#interrupt}, as a request timeout does. */
public final class RequestInterruptedException extends RuntimeException {

  public RequestInterruptedException(String interpreter, Throwable cause) {
    super("request interrupted in interpreter " + interpreter, cause);
  }
}
