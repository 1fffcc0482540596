package dev.kubewsgi.runtime.http;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/** One HTTP response parsed from raw bytes by the tests, independently of Netty. */
record RawResponse(
    int status, String reason, List<String[]> headers, byte[] body, boolean chunked) {

  private static final Pattern STATUS_LINE =
      Pattern.compile("HTTP/1\\.1 [1-5][0-9][0-9] [^\\x00-\\x08\\x0a-\\x1f\\x7f]*");

  /** A field name (token), a colon, and a value without control characters other than HTAB. */
  private static final Pattern HEADER_LINE =
      Pattern.compile("[!#$%&'*+.^_`|~0-9A-Za-z-]+:[^\\x00-\\x08\\x0a-\\x1f\\x7f]*");

  String header(String name) {
    for (String[] h : headers) {
      if (h[0].equalsIgnoreCase(name)) {
        return h[1];
      }
    }
    return null;
  }

  String text() {
    return new String(body, StandardCharsets.ISO_8859_1);
  }

  boolean closes() {
    String c = header("Connection");
    return c != null && c.toLowerCase(Locale.ROOT).contains("close");
  }

  /**
   * Reads one response; {@code head} when it answers a HEAD request (no body whatever the headers
   * say).
   */
  static RawResponse read(InputStream in, boolean head) throws IOException {
    String statusLine = line(in);
    if (statusLine == null) {
      throw new EOFException("connection closed before a response");
    }
    if (!STATUS_LINE.matcher(statusLine).matches()) {
      throw new IOException("not an HTTP/1.1 status line: " + statusLine);
    }
    String[] parts = statusLine.split(" ", 3);
    int status = Integer.parseInt(parts[1]);
    List<String[]> headers = new ArrayList<>();
    for (String l = line(in); l != null && !l.isEmpty(); l = line(in)) {
      if (!HEADER_LINE.matcher(l).matches()) {
        throw new IOException("not a header line: " + l);
      }
      int colon = l.indexOf(':');
      headers.add(new String[] {l.substring(0, colon), l.substring(colon + 1).trim()});
    }
    RawResponse r =
        new RawResponse(status, parts.length > 2 ? parts[2] : "", headers, new byte[0], false);
    if (head || status < 200 || status == 204 || status == 304) {
      return r;
    }
    String te = r.header("Transfer-Encoding");
    String cl = r.header("Content-Length");
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    boolean chunked = te != null && te.toLowerCase(Locale.ROOT).contains("chunked");
    if (chunked) {
      while (true) {
        String size = line(in);
        if (size == null) {
          throw new EOFException("connection closed inside a chunked body");
        }
        int n = Integer.parseInt(size.split(";")[0].trim(), 16);
        if (n == 0) {
          while (true) {
            String trailer = line(in);
            if (trailer == null || trailer.isEmpty()) {
              break;
            }
          }
          break;
        }
        body.write(in.readNBytes(n));
        line(in);
      }
    } else if (cl != null) {
      int n = Integer.parseInt(cl);
      byte[] b = in.readNBytes(n);
      if (b.length < n) {
        throw new EOFException("body truncated at " + b.length + " of " + n);
      }
      body.write(b);
    } else {
      body.write(in.readAllBytes());
    }
    return new RawResponse(status, r.reason, headers, body.toByteArray(), chunked);
  }

  private static String line(InputStream in) throws IOException {
    StringBuilder sb = new StringBuilder();
    int c;
    while ((c = in.read()) != -1) {
      if (c == '\n') {
        int len = sb.length();
        return len > 0 && sb.charAt(len - 1) == '\r' ? sb.substring(0, len - 1) : sb.toString();
      }
      sb.append((char) c);
    }
    return sb.isEmpty() ? null : sb.toString();
  }
}
