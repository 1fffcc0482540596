package dev.kubewsgi.runtime.accesslog;

import com.fasterxml.jackson.core.io.JsonStringEncoder;
import dev.kubewsgi.api.spec.AccessLogSpec;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Turns an {@link AccessLogEntry} into one line: Apache's LogFormat directives, the {@code
 * combined} preset, or {@code json}. Values from the request are escaped as Apache does ({@code
 * \"}, {@code \\} and {@code \xhh}), so a line is always one line of ASCII.
 */
public final class LogFormat {

  /** Apache's combined format, then the duration in microseconds and the worker. */
  public static final String COMBINED =
      "%h %l %u %t \"%r\" %>s %b \"%{Referer}i\" \"%{User-Agent}i\" %D %P";

  private interface Part {
    void append(StringBuilder line, AccessLogEntry entry);
  }

  private final List<Part> parts;
  private final boolean json;
  private final Clock clock;

  private LogFormat(String format, boolean json, ZoneId zone) {
    this.clock = new Clock(zone);
    this.json = json;
    this.parts = json ? List.of() : compile(format);
  }

  /** Compiles {@code combined}, {@code json} or a format string the schema accepted. */
  public static LogFormat of(String format, ZoneId zone) {
    if (format == null || format.equals(AccessLogSpec.COMBINED)) {
      return new LogFormat(COMBINED, false, zone);
    }
    return new LogFormat(format, format.equals(AccessLogSpec.JSON), zone);
  }

  /** Appends the line for {@code entry}, without its newline. */
  void format(AccessLogEntry entry, StringBuilder line) {
    if (json) {
      json(line, entry);
    } else {
      for (Part part : parts) {
        part.append(line, entry);
      }
    }
  }

  private List<Part> compile(String format) {
    List<Part> parts = new ArrayList<>();
    StringBuilder text = new StringBuilder();
    int i = 0;
    while (i < format.length()) {
      char c = format.charAt(i++);
      if (c != '%') {
        text.append(c);
        continue;
      }
      if (format.charAt(i) == '%') {
        text.append('%');
        i++;
        continue;
      }
      if (!text.isEmpty()) {
        String literal = text.toString();
        parts.add((line, e) -> line.append(literal));
        text.setLength(0);
      }
      if (format.charAt(i) == '{') {
        int close = format.indexOf('}', i);
        String arg = format.substring(i + 1, close);
        char kind = format.charAt(close + 1);
        i = close + 2;
        parts.add(kind == 'a' ? (line, e) -> line.append(peer(e)) : header(arg));
        continue;
      }
      if (format.charAt(i) == '>') {
        i++;
      }
      parts.add(directive(format.charAt(i++)));
    }
    if (!text.isEmpty()) {
      String literal = text.toString();
      parts.add((line, e) -> line.append(literal));
    }
    return List.copyOf(parts);
  }

  private static String peer(AccessLogEntry e) {
    return e.exchange().remoteAddress() == null
        ? "-"
        : e.exchange().remoteAddress().getAddress().getHostAddress();
  }

  private static Part header(String name) {
    return (line, e) -> {
      String value = e.header(name);
      if (value == null) {
        line.append('-');
      } else {
        escape(line, value);
      }
    };
  }

  private Part directive(char d) {
    return switch (d) {
      case 'h', 'a' -> (line, e) -> line.append(e.client());
      case 'l' -> (line, e) -> line.append('-');
      case 'u' ->
          (line, e) -> {
            if (e.user() == null) {
              line.append('-');
            } else {
              escape(line, e.user());
            }
          };
      case 't' -> (line, e) -> clock.apache(line, e.startMillis());
      case 'r' ->
          (line, e) -> {
            escape(line, e.exchange().method());
            line.append(' ');
            escape(line, e.exchange().rawPath());
            query(line, e);
            line.append(' ').append(e.exchange().protocol());
          };
      case 'm' -> (line, e) -> escape(line, e.exchange().method());
      case 'U' -> (line, e) -> escape(line, e.exchange().rawPath());
      case 'q' -> LogFormat::query;
      case 'H' -> (line, e) -> line.append(e.exchange().protocol());
      case 's' -> (line, e) -> line.append(e.status());
      case 'b' ->
          (line, e) -> {
            if (e.bytes() == 0) {
              line.append('-');
            } else {
              line.append(e.bytes());
            }
          };
      case 'B' -> (line, e) -> line.append(e.bytes());
      case 'D' -> (line, e) -> line.append(e.durationNanos() / 1000);
      case 'T' -> (line, e) -> line.append(e.durationNanos() / 1_000_000_000);
      case 'P' -> (line, e) -> escape(line, e.worker());
      default -> throw new IllegalArgumentException("unknown access log directive %" + d);
    };
  }

  // %q: "?query", or nothing without one.
  private static void query(StringBuilder line, AccessLogEntry e) {
    if (!e.exchange().rawQuery().isEmpty()) {
      line.append('?');
      escape(line, e.exchange().rawQuery());
    }
  }

  private void json(StringBuilder line, AccessLogEntry e) {
    line.append("{\"time\":\"");
    clock.iso(line, e.startMillis());
    line.append("\",\"client\":");
    jsonString(line, e.client());
    line.append(",\"peer\":");
    jsonString(line, peer(e));
    line.append(",\"method\":");
    jsonString(line, e.exchange().method());
    line.append(",\"path\":");
    jsonString(line, e.exchange().rawPath());
    line.append(",\"query\":");
    jsonString(line, e.exchange().rawQuery());
    line.append(",\"protocol\":");
    jsonString(line, e.exchange().protocol());
    line.append(",\"status\":").append(e.status());
    line.append(",\"bytes\":").append(e.bytes());
    line.append(",\"duration_us\":").append(e.durationNanos() / 1000);
    line.append(",\"worker\":");
    jsonString(line, e.worker());
    line.append(",\"user\":");
    jsonString(line, e.user());
    line.append(",\"referer\":");
    jsonString(line, e.header("Referer"));
    line.append(",\"user_agent\":");
    jsonString(line, e.header("User-Agent"));
    line.append('}');
  }

  private static void jsonString(StringBuilder line, String value) {
    if (value == null) {
      line.append("null");
      return;
    }
    line.append('"');
    // Non-ASCII is escaped too (\\u00XX): the line stays ASCII whatever the client sent.
    for (char c : JsonStringEncoder.getInstance().quoteAsString(value)) {
      if (c < 0x80) {
        line.append(c);
      } else {
        line.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
      }
    }
    line.append('"');
  }

  // Apache's escaping of request data in a log line; most values need none and are copied whole.
  private static void escape(StringBuilder line, String value) {
    int n = value.length();
    int i = 0;
    while (i < n && !needsEscape(value.charAt(i))) {
      i++;
    }
    line.append(value, 0, i);
    for (; i < n; i++) {
      char c = value.charAt(i);
      if (c == '"' || c == '\\') {
        line.append('\\').append(c);
      } else if (c < 0x20 || c >= 0x7f) {
        line.append("\\x")
            .append(Character.forDigit((c >> 4) & 0xf, 16))
            .append(Character.forDigit(c & 0xf, 16));
      } else {
        line.append(c);
      }
    }
  }

  private static boolean needsEscape(char c) {
    return c < 0x20 || c >= 0x7f || c == '"' || c == '\\';
  }

  /** The time stamps, each second formatted once. */
  private static final class Clock {
    private static final DateTimeFormatter APACHE =
        DateTimeFormatter.ofPattern("dd/MMM/yyyy:HH:mm:ss Z", Locale.ENGLISH);
    private static final DateTimeFormatter ISO =
        DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss", Locale.ROOT).withZone(ZoneOffset.UTC);

    private record Second(long epochSecond, String apache, String iso) {}

    private final ZoneId zone;
    private volatile Second last = new Second(Long.MIN_VALUE, "", "");

    Clock(ZoneId zone) {
      this.zone = zone;
    }

    void apache(StringBuilder line, long millis) {
      line.append('[').append(second(millis).apache()).append(']');
    }

    void iso(StringBuilder line, long millis) {
      int ms = (int) Math.floorMod(millis, 1000L);
      line.append(second(millis).iso()).append('.');
      line.append((char) ('0' + ms / 100))
          .append((char) ('0' + ms / 10 % 10))
          .append((char) ('0' + ms % 10));
      line.append('Z');
    }

    private Second second(long millis) {
      long epochSecond = Math.floorDiv(millis, 1000L);
      Second s = last;
      if (s.epochSecond() != epochSecond) {
        Instant instant = Instant.ofEpochSecond(epochSecond);
        s = new Second(epochSecond, APACHE.format(instant.atZone(zone)), ISO.format(instant));
        last = s;
      }
      return s;
    }
  }
}
