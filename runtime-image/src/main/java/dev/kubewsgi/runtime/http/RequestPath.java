package dev.kubewsgi.runtime.http;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * The path a request is routed by, prepared as Apache's core prepares it before mod_wsgi sees it
 * (httpd's {@code ap_normalize_path} and {@code ap_unescape_url}, with the defaults {@code
 * MergeSlashes On} and {@code AllowEncodedSlashes Off}): escapes of unreserved characters decoded,
 * runs of slashes merged, dot-segments removed, then every escape decoded to bytes read as latin-1,
 * as PEP 3333 wants PATH_INFO. Refused as Apache refuses: a path above the root or a malformed
 * escape (400), an encoded slash or NUL (404).
 */
public final class RequestPath {

  /** Why a raw path is refused: the status the client gets and the reason, for the log. */
  public record Refusal(int status, String reason) {}

  private RequestPath() {}

  /** The decoded path of {@code raw}, or null when it is refused ({@link #refusal} says why). */
  public static String decode(String raw) {
    if (plain(raw)) {
      return raw;
    }
    StringBuilder normal = normalize(raw);
    return normal == null ? null : unescape(normal);
  }

  /** Why {@link #decode} refuses {@code raw}, or null when it does not. */
  public static Refusal refusal(String raw) {
    if (plain(raw)) {
      return null;
    }
    StringBuilder normal = normalize(raw);
    if (normal == null) {
      return new Refusal(400, "invalid path (a malformed escape, or a .. above the root): " + raw);
    }
    return unescape(normal) == null
        ? new Refusal(404, "an encoded slash or NUL in the path: " + raw)
        : null;
  }

  // Most paths: nothing to decode, merge or remove, so they are returned as they came.
  private static boolean plain(String raw) {
    if (!raw.startsWith("/")) {
      return true; // "*" of OPTIONS, which Apache leaves alone too
    }
    for (int i = 0; i < raw.length(); i++) {
      char c = raw.charAt(i);
      if (c == '%'
          || c == '/'
              && i + 1 < raw.length()
              && (raw.charAt(i + 1) == '/' || raw.charAt(i + 1) == '.')) {
        return false;
      }
    }
    return true;
  }

  // ap_normalize_path with AP_NORMALIZE_DECODE_UNRESERVED, MERGE_SLASHES and NOT_ABOVE_ROOT; null
  // where it fails (Apache's 400).
  private static StringBuilder normalize(String raw) {
    StringBuilder in = new StringBuilder(raw.length());
    for (int i = 0; i < raw.length(); i++) {
      char c = raw.charAt(i);
      if (c == '%') {
        int hi = i + 2 < raw.length() ? hex(raw.charAt(i + 1)) : -1;
        int lo = hi >= 0 ? hex(raw.charAt(i + 2)) : -1;
        if (lo < 0) {
          return null;
        }
        char decoded = (char) (hi * 16 + lo);
        if (unreserved(decoded)) {
          in.append(decoded);
          i += 2;
          continue;
        }
      }
      in.append(c);
    }
    StringBuilder out = new StringBuilder(in.length());
    int l = 0;
    while (l < in.length()) {
      if (out.isEmpty() || out.charAt(out.length() - 1) == '/') {
        if (in.charAt(l) == '/' && !out.isEmpty()) {
          l++; // a run of slashes is one
          continue;
        }
        if (in.charAt(l) == '.') {
          if (segmentEnds(in, l + 1)) { // "." goes
            l = Math.min(l + 2, in.length());
            continue;
          }
          if (at(in, l + 1) == '.' && segmentEnds(in, l + 2)) { // ".." takes the one before
            if (out.length() <= 1) {
              return null;
            }
            out.setLength(out.lastIndexOf("/", out.length() - 2) + 1);
            l = Math.min(l + 3, in.length());
            continue;
          }
        }
      }
      out.append(in.charAt(l++));
    }
    return out;
  }

  // ap_unescape_url with AP_UNESCAPE_URL_FORBID_SLASHES: null for %2F or %00 (Apache's 404).
  private static String unescape(StringBuilder path) {
    if (path.indexOf("%") < 0) {
      return path.toString();
    }
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(path.length());
    for (int i = 0; i < path.length(); i++) {
      char c = path.charAt(i);
      if (c == '%') {
        int b = hex(path.charAt(i + 1)) * 16 + hex(path.charAt(i + 2));
        if (b == '/' || b == 0) {
          return null;
        }
        bytes.write(b);
        i += 2;
      } else {
        bytes.write(c & 0xff);
      }
    }
    return bytes.toString(StandardCharsets.ISO_8859_1);
  }

  // ASCII hex only (Character.digit also takes other scripts' digits).
  private static int hex(char c) {
    return c >= '0' && c <= '9'
        ? c - '0'
        : c >= 'a' && c <= 'f' ? c - 'a' + 10 : c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
  }

  private static boolean unreserved(char c) {
    return c >= 'A' && c <= 'Z'
        || c >= 'a' && c <= 'z'
        || c >= '0' && c <= '9'
        || c == '-'
        || c == '.'
        || c == '_'
        || c == '~';
  }

  private static boolean segmentEnds(CharSequence s, int i) {
    return i >= s.length() || s.charAt(i) == '/';
  }

  private static char at(CharSequence s, int i) {
    return i < s.length() ? s.charAt(i) : 0;
  }
}
