package dev.kubewsgi.runtime.warmup;

/** A warm-up request got a status its declaration does not accept; boot stops with exit code 5. */
public final class WarmupFailure extends Exception {

  public WarmupFailure(String message) {
    super(message);
  }
}
