package dev.kubewsgi.e2e.report;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.kubewsgi.e2e.load.RequestRecord;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FaultsReportTest {

  private static final long T0 = 1_800_000_000_000_000L; // micros since the epoch
  private static final long MS = 1_000L; // a millisecond in micros

  private static RequestRecord at(long startMs, long latencyMs, boolean failed) {
    return new RequestRecord(
        T0 + startMs * MS,
        latencyMs * 1_000_000L,
        failed ? 0 : 200,
        null,
        failed ? "connection reset" : null,
        false,
        false);
  }

  private static final List<RequestRecord> RECORDS =
      List.of(
          at(0, 5, false), // done before the instant at 100 ms
          at(90, 20, true), // 90-110 ms: in flight at 100 ms
          at(100, 1, false), // sent at the instant: in flight
          at(150, 3, true), // sent in [100, 200)
          at(200, 3, false)); // sent at the window's end: outside

  @Test
  void inFlightCountsRequestsSentBeforeAndAnsweredAfterTheInstant() {
    assertThat(FaultsReport.inFlightAt(RECORDS, T0 + 100 * MS)).isEqualTo(2);
    assertThat(FaultsReport.inFlightAt(RECORDS, T0 + 300 * MS)).isZero();
  }

  @Test
  void sentBetweenIsHalfOpen() {
    assertThat(FaultsReport.sentBetween(RECORDS, T0 + 100 * MS, T0 + 200 * MS)).isEqualTo(2);
    assertThat(FaultsReport.failed(RECORDS)).isEqualTo(2);
  }

  @Test
  void everyAddedFaultIsInTheFileWithItsBoundAndDetails(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("faults-report.json");
    FaultsReport report = new FaultsReport(file);
    report.add(new FaultsReport.Fault("first", 10, 0, 0, "zero", 1.5, Map.of("x", 1)));
    report.add(new FaultsReport.Fault("second", 20, 3, 4, "in flight", 2.0, Map.of()));

    JsonNode faults = new ObjectMapper().readTree(file.toFile()).path("faults");
    assertThat(faults).hasSize(2);
    assertThat(faults.get(0).path("name").asText()).isEqualTo("first");
    assertThat(faults.get(0).path("x").asInt()).isEqualTo(1);
    assertThat(faults.get(1).path("failed").asLong()).isEqualTo(3);
    assertThat(faults.get(1).path("bound").asLong()).isEqualTo(4);
    assertThat(faults.get(1).path("bound_rule").asText()).isEqualTo("in flight");
    assertThat(faults.get(1).path("recovery_s").asDouble()).isEqualTo(2.0);
  }
}
