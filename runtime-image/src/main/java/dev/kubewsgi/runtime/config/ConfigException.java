package dev.kubewsgi.runtime.config;

/** A configuration the runtime refuses: the message names the file and field. */
public final class ConfigException extends Exception {

  public ConfigException(String message) {
    super(message);
  }

  public ConfigException(String message, Throwable cause) {
    super(message, cause);
  }
}
