package dev.kubewsgi.e2e.report;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.kubewsgi.e2e.load.RequestRecord;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RolloutReportTest {

  private static final long T0 = 1_800_000_000_000_000L; // micros since the epoch
  private static final long S = 1_000_000L; // a second in micros
  private static final long MS = 1_000_000L; // a millisecond in nanos

  private static RequestRecord ok(long at, long latencyMs, String pod) {
    return new RequestRecord(at, latencyMs * MS, 200, pod + "/%{GLOBAL}/0", null, false, false);
  }

  /**
   * Old pod "a" serves 0-10 s at 2 ms; a rollout 10-20 s; new pod "b" Ready at 15 s, 20 ms for its
   * first 5 requests.
   */
  private static RolloutReport scenario() {
    List<RequestRecord> rs = new ArrayList<>();
    for (int i = 0; i < 100; i++) {
      rs.add(ok(T0 + i * S / 10, 2, "a")); // 0..10 s, steady
    }
    for (int i = 0; i < 50; i++) {
      rs.add(ok(T0 + 10 * S + i * S / 10, 4, "a")); // 10..15 s, during the rollout
    }
    for (int i = 0; i < 50; i++) {
      long latency = i < 5 ? 20 : 3;
      rs.add(ok(T0 + 15 * S + i * S / 10, latency, "b")); // 15..20 s, during; new pod
    }
    for (int i = 0; i < 30; i++) {
      rs.add(ok(T0 + 21 * S + i * S / 10, 1, "b")); // after, steady
    }
    rs.add(
        new RequestRecord(
            T0 + 12 * S, 5 * MS, 0, null, "SocketException: Connection reset", true, false));
    rs.add(new RequestRecord(T0 + 13 * S, 5 * MS, 503, "a/%{GLOBAL}/0", null, false, false));
    rs.add(new RequestRecord(T0 + 14 * S, 9 * MS, 200, "a/%{GLOBAL}/0", null, true, true));
    return new RolloutReport(
        rs,
        List.of(new RolloutReport.Window("restart", T0 + 10 * S, T0 + 20 * S)),
        Map.of("b", T0 + 15 * S));
  }

  @Test
  void countsEveryRequestAndEachFailure() {
    RolloutReport r = scenario();
    assertThat(r.total()).isEqualTo(233);
    assertThat(r.failures())
        .extracting(RequestRecord::failure)
        .containsExactly("SocketException: Connection reset", "HTTP 503 from a/%{GLOBAL}/0");
  }

  @Test
  void steadyIsOutsideRolloutsOnlySuccessesAndNotANewPodsFirstRequests() {
    LatencySummary steady = scenario().steady();
    // Pod a's 100 before the rollout; b's 30 after it are among b's first 1,000, reported apart.
    assertThat(steady.count()).isEqualTo(100);
    assertThat(steady.p50Ms()).isEqualTo(2.0);
    assertThat(steady.maxMs()).isEqualTo(2.0);
  }

  @Test
  void duringRolloutsIsInsideTheWindows() {
    LatencySummary during = scenario().duringRollouts();
    assertThat(during.count()).isEqualTo(101); // 50 old + 50 new + the retried one
    assertThat(during.maxMs()).isEqualTo(20.0);
  }

  @Test
  void firstAfterReadyTakesTheNewPodsRequestsFromItsReadyTime() {
    RolloutReport r = scenario();
    assertThat(r.firstAfterReady("b")).hasSize(80);
    assertThat(r.firstAfterReady("a")).isEmpty(); // old pods are not new
    LatencySummary first = r.firstAfterReady();
    assertThat(first.count()).isEqualTo(80);
    assertThat(first.p99Ms()).isEqualTo(20.0);
    assertThat(first.p50Ms()).isEqualTo(3.0);
  }

  @Test
  void firstAfterReadyStopsAtAThousandPerPod() {
    List<RequestRecord> rs = new ArrayList<>();
    for (int i = 0; i < 1500; i++) {
      rs.add(ok(T0 + i * 1000, i < 1000 ? 5 : 1, "c"));
    }
    RolloutReport r = new RolloutReport(rs, List.of(), Map.of("c", T0));
    assertThat(r.firstAfterReady().count()).isEqualTo(1000);
    assertThat(r.firstAfterReady().maxMs()).isEqualTo(5.0);
  }

  @Test
  void writesTheDocumentedJson(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("target/rollout-report.json");
    scenario().with("sizing", Map.of("replicas", 2)).write(file);
    JsonNode json = new ObjectMapper().readTree(Files.readString(file));
    assertThat(json.get("total").asInt()).isEqualTo(233);
    assertThat(json.get("failed").asInt()).isEqualTo(2);
    assertThat(json.get("retried_on_closed_keepalive").asInt()).isEqualTo(1);
    assertThat(json.get("achieved_rate_per_s").asDouble()).isBetween(9.0, 10.0); // 233 over 23.9 s
    for (String k : List.of("steady", "during_rollouts", "first_1000_after_ready")) {
      assertThat(json.get(k).fieldNames())
          .toIterable()
          .containsExactly("count", "p50_ms", "p99_ms", "max_ms");
    }
    JsonNode pods = json.get("pods");
    assertThat(pods).hasSize(2);
    assertThat(pods.get(0).get("name").asText()).isEqualTo("a");
    assertThat(pods.get(0).get("ready_at").isNull()).isTrue();
    JsonNode b = pods.get(1);
    assertThat(b.get("name").asText()).isEqualTo("b");
    assertThat(b.get("ready_at").asText()).isEqualTo(RequestRecord.iso(T0 + 15 * S));
    assertThat(b.get("first_request_at").asText()).isEqualTo(RequestRecord.iso(T0 + 15 * S));
    assertThat(b.get("p99_ms").asDouble()).isEqualTo(20.0);
    assertThat(json.get("rollouts").get(0).get("duration_s").asDouble()).isEqualTo(10.0);
    assertThat(json.get("sizing").get("replicas").asInt()).isEqualTo(2);
  }

  @Test
  void emptyRunIsValidJson() {
    JsonNode json = new RolloutReport(List.of(), List.of(), Map.of()).toJson();
    assertThat(json.get("steady").get("p99_ms").isNull()).isTrue();
  }
}
