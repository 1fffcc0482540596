package dev.kubewsgi.runtime.interp;

/** A call into Python cancelled by closing its interpreter, as recycling a stuck worker does. */
public final class RequestInterruptedException extends RuntimeException {

  public RequestInterruptedException(String interpreter, Throwable cause) {
    super("request cancelled in interpreter " + interpreter, cause);
  }
}
