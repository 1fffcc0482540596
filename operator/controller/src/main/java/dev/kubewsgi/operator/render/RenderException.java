package dev.kubewsgi.operator.render;

/**
 * A resource that cannot be rendered, naming the field at fault (such as {@code
 * spec.importScripts[0].configMapRef}).
 */
public final class RenderException extends RuntimeException {

  private final String field;

  public RenderException(String field, String problem) {
    super(field + ": " + problem);
    this.field = field;
  }

  public String field() {
    return field;
  }
}
