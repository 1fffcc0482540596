package dev.kubewsgi.runtime.staticfiles;

/**
 * One byte range of a file (RFC 9110 14.1.2), inclusive: {@code bytes=0-99}, {@code bytes=100-},
 * {@code bytes=-100}. Several ranges at once are answered with the whole file (a server may ignore
 * Range), as a malformed header is.
 */
record ByteRange(long first, long last) {

  /** No range to honour: send the whole file with 200. */
  static final ByteRange WHOLE = new ByteRange(-1, -1);

  /** Not satisfiable: answer 416. */
  static final ByteRange UNSATISFIABLE = new ByteRange(-2, -2);

  long length() {
    return last - first + 1;
  }

  /** The range {@code header} asks of a file of {@code size} bytes. */
  static ByteRange parse(String header, long size) {
    String value = header.trim();
    if (!value.regionMatches(true, 0, "bytes=", 0, 6) || value.indexOf(',') >= 0) {
      return WHOLE;
    }
    String spec = value.substring(6).trim();
    int dash = spec.indexOf('-');
    if (dash < 0) {
      return WHOLE;
    }
    String from = spec.substring(0, dash).trim();
    String to = spec.substring(dash + 1).trim();
    if (from.isEmpty()) {
      long suffix = number(to);
      if (suffix < 0) {
        return WHOLE;
      }
      if (suffix == 0 || size == 0) {
        return UNSATISFIABLE;
      }
      return new ByteRange(Math.max(0, size - suffix), size - 1);
    }
    long first = number(from);
    long last = to.isEmpty() ? Long.MAX_VALUE : number(to);
    if (first < 0 || last < 0 || last < first) {
      return WHOLE;
    }
    if (first >= size) {
      return UNSATISFIABLE;
    }
    return new ByteRange(first, Math.min(last, size - 1));
  }

  // Digits only; -1 for anything else; a number too large for a long is as good as infinite.
  private static long number(String digits) {
    if (digits.isEmpty()) {
      return -1;
    }
    for (int i = 0; i < digits.length(); i++) {
      if (digits.charAt(i) < '0' || digits.charAt(i) > '9') {
        return -1;
      }
    }
    try {
      return Long.parseLong(digits);
    } catch (NumberFormatException e) {
      return Long.MAX_VALUE;
    }
  }
}
