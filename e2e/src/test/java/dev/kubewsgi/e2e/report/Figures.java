package dev.kubewsgi.e2e.report;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Timings and counts the scenarios measure (never assert), written to {@code e2e-figures.json}
 * after every addition so a failed run keeps what it measured.
 */
public final class Figures {

  private final Path file;
  private final Map<String, Object> values = new LinkedHashMap<>();

  public Figures(Path file) {
    this.file = file;
  }

  public synchronized void put(String key, Object value) {
    values.put(key, value);
    try {
      Files.createDirectories(file.toAbsolutePath().getParent());
      new ObjectMapper()
          .enable(SerializationFeature.INDENT_OUTPUT)
          .writeValue(file.toFile(), values);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Seconds with two decimals. */
  public static double seconds(java.time.Duration d) {
    return Math.round(d.toMillis() / 10.0) / 100.0;
  }
}
