package dev.kubewsgi.runtime.staticfiles;

import io.netty.handler.codec.DateFormatter;
import java.util.Date;

/**
 * The conditional request headers of a GET or HEAD (RFC 9110 13.2.2): If-None-Match, else
 * If-Modified-Since, decide a 304; If-Range decides whether a Range is honoured.
 */
final class Preconditions {

  private Preconditions() {}

  /** Whether the client's copy is current: answer 304 Not Modified. */
  static boolean notModified(String ifNoneMatch, String ifModifiedSince, Representation r) {
    if (ifNoneMatch != null) {
      return matchesWeakly(ifNoneMatch, r.etag());
    }
    if (ifModifiedSince != null) {
      Date since = DateFormatter.parseHttpDate(ifModifiedSince);
      return since != null && r.modifiedMillis() / 1000 <= since.getTime() / 1000;
    }
    return false;
  }

  /**
   * Whether a Range may be honoured under {@code ifRange} (null: always): a strong match of the
   * ETag, or exactly the Last-Modified date.
   */
  static boolean rangeApplies(String ifRange, Representation r) {
    if (ifRange == null) {
      return true;
    }
    String value = ifRange.trim();
    if (value.startsWith("\"") || value.startsWith("W/")) {
      return value.equals(r.etag());
    }
    Date date = DateFormatter.parseHttpDate(value);
    return date != null && date.getTime() / 1000 == r.modifiedMillis() / 1000;
  }

  /** The Last-Modified value of {@code r}. */
  static String lastModified(Representation r) {
    return DateFormatter.format(new Date(r.modifiedMillis() / 1000 * 1000));
  }

  // If-None-Match compares weakly: W/"x" matches "x".
  private static boolean matchesWeakly(String list, String etag) {
    for (String tag : list.split(",")) {
      String t = tag.trim();
      if (t.equals("*")) {
        return true;
      }
      if (t.startsWith("W/")) {
        t = t.substring(2);
      }
      if (t.equals(etag)) {
        return true;
      }
    }
    return false;
  }
}
