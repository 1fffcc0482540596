package dev.kubewsgi.runtime.staticfiles;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;

/**
 * What is sent for a file: the file itself or its precompressed {@code .br}/{@code .gz} sibling,
 * with the validators (ETag, Last-Modified) of what is sent.
 *
 * @param file the bytes to send
 * @param encoding {@code br} or {@code gzip} for a sibling, null for the file itself
 * @param varies whether the file has a sibling, so the response depends on Accept-Encoding
 */
record Representation(Path file, long size, long modifiedMillis, String encoding, boolean varies) {

  /** A strong ETag from size and modification time, as nginx makes one; per encoding. */
  String etag() {
    return "\""
        + Long.toHexString(size)
        + "-"
        + Long.toHexString(modifiedMillis)
        + (encoding == null ? "" : "-" + encoding)
        + "\"";
  }

  /**
   * The representation of {@code file} for a client sending {@code acceptEncoding} (may be null):
   * the sibling of the coding it prefers (br on a tie), else the file.
   */
  static Representation choose(
      Path root, Path file, BasicFileAttributes attributes, String acceptEncoding)
      throws IOException {
    String name = file.getFileName().toString();
    Path br = sibling(root, file, name + ".br");
    Path gz = sibling(root, file, name + ".gz");
    boolean varies = br != null || gz != null;
    if (varies && acceptEncoding != null) {
      double qBr = br == null ? 0 : quality(acceptEncoding, "br");
      double qGz = gz == null ? 0 : quality(acceptEncoding, "gzip");
      if (qBr > 0 && qBr >= qGz) {
        return of(br, "br", true);
      }
      if (qGz > 0) {
        return of(gz, "gzip", true);
      }
    }
    return new Representation(
        file, attributes.size(), attributes.lastModifiedTime().toMillis(), null, varies);
  }

  private static Representation of(Path file, String encoding, boolean varies) throws IOException {
    BasicFileAttributes a = Files.readAttributes(file, BasicFileAttributes.class);
    return new Representation(file, a.size(), a.lastModifiedTime().toMillis(), encoding, varies);
  }

  private static Path sibling(Path root, Path file, String name) {
    Path candidate = file.resolveSibling(name);
    if (!Files.isRegularFile(candidate)) {
      return null;
    }
    return SafePath.inside(root, candidate);
  }

  /**
   * The quality an Accept-Encoding value gives {@code coding} (RFC 9110 12.5.3): its own entry,
   * else {@code *}'s, else 0; {@code x-gzip} counts as gzip.
   */
  static double quality(String acceptEncoding, String coding) {
    double own = -1;
    double any = -1;
    for (String item : acceptEncoding.split(",")) {
      String[] parts = item.split(";");
      String name = parts[0].trim();
      double q = 1;
      for (int i = 1; i < parts.length; i++) {
        String param = parts[i].trim();
        if (param.length() > 2
            && (param.charAt(0) == 'q' || param.charAt(0) == 'Q')
            && param.charAt(1) == '=') {
          try {
            q = Double.parseDouble(param.substring(2).trim());
          } catch (NumberFormatException e) {
            q = 0;
          }
        }
      }
      if (name.equalsIgnoreCase(coding)
          || (coding.equals("gzip") && name.equalsIgnoreCase("x-gzip"))) {
        own = Math.max(own, q);
      } else if (name.equals("*")) {
        any = Math.max(any, q);
      }
    }
    return own >= 0 ? own : Math.max(any, 0);
  }
}
