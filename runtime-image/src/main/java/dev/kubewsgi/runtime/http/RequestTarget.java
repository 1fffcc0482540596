package dev.kubewsgi.runtime.http;

/**
 * A request line's target split as WSGI wants it: the raw path (still percent-encoded) and the raw
 * query. An absolute-form target ({@code http://host/path?q}) yields its path and query too.
 */
record RequestTarget(String rawPath, String rawQuery) {

  static RequestTarget of(String uri) {
    int start = pathStart(uri);
    int q = uri.indexOf('?', start);
    String path = q < 0 ? uri.substring(start) : uri.substring(start, q);
    return new RequestTarget(path.isEmpty() ? "/" : path, q < 0 ? "" : uri.substring(q + 1));
  }

  /** Where the path starts in an origin-form or absolute-form request target. */
  private static int pathStart(String uri) {
    if (uri.startsWith("/") || uri.equals("*")) {
      return 0;
    }
    int scheme = uri.indexOf("://");
    if (scheme > 0) {
      int slash = uri.indexOf('/', scheme + 3);
      return slash < 0 ? uri.length() : slash;
    }
    return 0;
  }
}
