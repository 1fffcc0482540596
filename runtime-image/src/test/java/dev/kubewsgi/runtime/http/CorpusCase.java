package dev.kubewsgi.runtime.http;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One file of the request corpus: directives in {@code # key: value} lines, then the raw bytes with
 * escapes ({@code \r \n \t \0 \\ \xNN}, {@code ${repeat:N:text}}); physical line breaks in the
 * bytes part are ignored.
 *
 * <p>Directives: {@code expect} (statuses in order; {@code 200/head} for a bodiless answer), {@code
 * closed} (true/false), {@code body N} / {@code header N} (the Nth response's body, or a {@code
 * Name: value} it carries), {@code limits} ({@code maxBodySize=10 ...}), {@code advance} (clock
 * moved after sending, e.g. {@code 6s}), {@code split} (send in pieces of this many bytes).
 */
record CorpusCase(
    String name,
    byte[] request,
    List<String> expect,
    Boolean closed,
    Map<Integer, String> bodies,
    Map<Integer, String> headers,
    RequestLimits limits,
    Duration advance,
    int split) {

  static final RequestLimits DEFAULT_LIMITS =
      new RequestLimits(1024, 2048, 1000, Duration.ofSeconds(5), Duration.ofSeconds(10));

  private static final Pattern REPEAT = Pattern.compile("\\$\\{repeat:(\\d+):([^}]*)}");

  static CorpusCase load(Path file) {
    try {
      return parse(
          file.getFileName().toString(), Files.readString(file, StandardCharsets.ISO_8859_1));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static CorpusCase parse(String name, String text) {
    List<String> expect = List.of();
    Boolean closed = null;
    Map<Integer, String> bodies = new LinkedHashMap<>();
    Map<Integer, String> headers = new LinkedHashMap<>();
    RequestLimits limits = DEFAULT_LIMITS;
    Duration advance = Duration.ZERO;
    int split = 0;
    StringBuilder raw = new StringBuilder();
    for (String line : text.split("\n", -1)) {
      if (line.startsWith("#")) {
        int colon = line.indexOf(':');
        if (colon < 0) {
          continue;
        }
        String key = line.substring(1, colon).trim();
        String value = line.substring(colon + 1).trim();
        if (key.equals("expect")) {
          expect = value.isEmpty() ? List.of() : List.of(value.split("\\s+"));
        } else if (key.equals("closed")) {
          closed = Boolean.parseBoolean(value);
        } else if (key.startsWith("body ")) {
          bodies.put(Integer.parseInt(key.substring(5).trim()), unescape(value));
        } else if (key.startsWith("header ")) {
          headers.put(Integer.parseInt(key.substring(7).trim()), unescape(value));
        } else if (key.equals("limits")) {
          limits = limits(value);
        } else if (key.equals("advance")) {
          advance = Duration.parse("PT" + value.toUpperCase());
        } else if (key.equals("split")) {
          split = Integer.parseInt(value);
        }
        continue;
      }
      raw.append(line);
    }
    return new CorpusCase(
        name,
        bytes(expand(raw.toString())),
        expect,
        closed,
        bodies,
        headers,
        limits,
        advance,
        split);
  }

  private static RequestLimits limits(String spec) {
    RequestLimits d = DEFAULT_LIMITS;
    int line = d.maxRequestLineLength();
    int header = d.maxHeaderSize();
    long body = d.maxBodySize();
    for (String kv : spec.split("\\s+")) {
      String[] p = kv.split("=");
      switch (p[0]) {
        case "maxRequestLineLength" -> line = Integer.parseInt(p[1]);
        case "maxHeaderSize" -> header = Integer.parseInt(p[1]);
        case "maxBodySize" -> body = Long.parseLong(p[1]);
        default -> throw new IllegalArgumentException("unknown limit " + p[0]);
      }
    }
    return new RequestLimits(line, header, body, d.clientTimeout(), d.keepAliveTimeout());
  }

  private static String expand(String s) {
    Matcher m = REPEAT.matcher(s);
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      m.appendReplacement(
          out, Matcher.quoteReplacement(m.group(2).repeat(Integer.parseInt(m.group(1)))));
    }
    m.appendTail(out);
    return out.toString();
  }

  static String unescape(String s) {
    return new String(bytes(s), StandardCharsets.ISO_8859_1);
  }

  private static byte[] bytes(String s) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c != '\\' || i + 1 == s.length()) {
        out.write(c);
        continue;
      }
      char e = s.charAt(++i);
      switch (e) {
        case 'r' -> out.write('\r');
        case 'n' -> out.write('\n');
        case 't' -> out.write('\t');
        case '0' -> out.write(0);
        case '\\' -> out.write('\\');
        case 'x' -> {
          out.write(Integer.parseInt(s.substring(i + 1, i + 3), 16));
          i += 2;
        }
        default -> throw new IllegalArgumentException("unknown escape \\" + e);
      }
    }
    return out.toByteArray();
  }

  List<String> expectedStatuses() {
    return new ArrayList<>(expect);
  }
}
