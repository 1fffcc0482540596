package dev.kubewsgi.convert.apache;

/** A configuration Apache itself would refuse to start with, such as an unclosed section. */
public final class ConfigSyntaxException extends Exception {

  private final transient Origin origin;

  public ConfigSyntaxException(Origin origin, String message) {
    super(origin + ": " + message);
    this.origin = origin;
  }

  public Origin origin() {
    return origin;
  }
}
