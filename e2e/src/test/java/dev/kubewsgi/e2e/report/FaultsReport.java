package dev.kubewsgi.e2e.report;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.kubewsgi.e2e.load.RequestRecord;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code faults-report.json}: per fault scenario its name, the requests the load sent and those
 * that failed, the bound the failures were held to, the time to recover, and what else it measured.
 * Written after every scenario, so a failed run keeps the ones before.
 */
public final class FaultsReport {

  /** One fault scenario's outcome. */
  public record Fault(
      String name,
      long requests,
      long failed,
      long bound,
      String boundRule,
      double recoverySeconds,
      Map<String, Object> details) {}

  private final Path file;
  private final List<Fault> faults = new ArrayList<>();

  public FaultsReport(Path file) {
    this.file = file;
  }

  /** Adds {@code fault} and rewrites the file. */
  public synchronized void add(Fault fault) {
    faults.add(fault);
    List<Map<String, Object>> out = new ArrayList<>();
    for (Fault f : faults) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("name", f.name());
      m.put("requests", f.requests());
      m.put("failed", f.failed());
      m.put("bound", f.bound());
      m.put("bound_rule", f.boundRule());
      m.put("recovery_s", f.recoverySeconds());
      m.putAll(f.details());
      out.add(m);
    }
    try {
      Files.createDirectories(file.toAbsolutePath().getParent());
      new ObjectMapper()
          .enable(SerializationFeature.INDENT_OUTPUT)
          .writeValue(file.toFile(), Map.of("faults", out));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Requests sent at or before {@code atMicros} whose answer (or error) came after it. */
  public static long inFlightAt(List<RequestRecord> records, long atMicros) {
    return records.stream()
        .filter(
            r ->
                r.startMicros() <= atMicros
                    && r.startMicros() + r.latencyNanos() / 1_000 > atMicros)
        .count();
  }

  /** Requests sent in {@code [fromMicros, toMicros)}. */
  public static long sentBetween(List<RequestRecord> records, long fromMicros, long toMicros) {
    return records.stream()
        .filter(r -> r.startMicros() >= fromMicros && r.startMicros() < toMicros)
        .count();
  }

  public static long failed(List<RequestRecord> records) {
    return records.stream().filter(RequestRecord::failed).count();
  }
}
