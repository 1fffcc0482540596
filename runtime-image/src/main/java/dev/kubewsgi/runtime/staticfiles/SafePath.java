package dev.kubewsgi.runtime.staticfiles;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * Turns the part of a request path after a static mount into a file inside the directory, or
 * refuses: no {@code ..} or {@code .} segment (they arrive here percent-decoded, so {@code %2e%2e}
 * too), no NUL, no bytes that are not UTF-8, and no path whose real location (symbolic links
 * followed) is outside the directory.
 */
final class SafePath {

  private SafePath() {}

  /**
   * The real path of the file {@code rest} names under {@code root}, or null when it is refused or
   * does not exist.
   *
   * @param root the directory's real path
   * @param rest the decoded path after the mount ("" or starting with "/"), as latin-1 bytes
   */
  static Path resolve(Path root, String rest) {
    String name = utf8(rest);
    if (name == null || name.indexOf('\0') >= 0) {
      return null;
    }
    StringBuilder relative = new StringBuilder(name.length());
    for (String segment : name.split("/")) {
      if (segment.isEmpty()) {
        continue;
      }
      if (segment.equals(".") || segment.equals("..")) {
        return null;
      }
      if (!relative.isEmpty()) {
        relative.append('/');
      }
      relative.append(segment);
    }
    return inside(root, root.resolve(relative.toString()));
  }

  /** {@code candidate}'s real path when it exists and is inside {@code root}, else null. */
  static Path inside(Path root, Path candidate) {
    Path real;
    try {
      real = candidate.toRealPath();
    } catch (IOException | SecurityException e) {
      return null;
    }
    return real.startsWith(root) ? real : null;
  }

  // PATH_INFO carries the request's bytes as latin-1 characters; file names are UTF-8.
  private static String utf8(String latin1) {
    boolean ascii = true;
    for (int i = 0; i < latin1.length() && ascii; i++) {
      ascii = latin1.charAt(i) < 0x80;
    }
    if (ascii) {
      return latin1;
    }
    try {
      return StandardCharsets.UTF_8
          .newDecoder()
          .decode(ByteBuffer.wrap(latin1.getBytes(StandardCharsets.ISO_8859_1)))
          .toString();
    } catch (CharacterCodingException e) {
      return null;
    }
  }
}
