package dev.kubewsgi.e2e.report;

import static dev.kubewsgi.e2e.load.RequestRecord.iso;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kubewsgi.e2e.load.RequestRecord;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Turns the records of a load run and what happened meanwhile (rollout windows, the time each new
 * pod turned Ready) into the rollout report: totals, failures, and latency summaries for steady
 * serving, serving during rollouts, and each new pod's first requests after it turned Ready.
 * Latencies are of successful requests; failures are counted and listed apart.
 */
public final class RolloutReport {

  /** Requests per new pod pooled into {@code first_1000_after_ready}. */
  public static final int FIRST_N = 1000;

  private static final int FAILURES_LISTED = 50;

  /** A rollout: from the change being applied to the Deployment reporting it complete. */
  public record Window(String name, long startMicros, long endMicros) {
    boolean contains(long micros) {
      return micros >= startMicros && micros <= endMicros;
    }
  }

  private final List<RequestRecord> records;
  private final List<Window> rollouts;
  private final Map<String, Long> readyAtMicros;
  private final Map<String, Object> extra = new LinkedHashMap<>();

  /**
   * @param records every request of the run
   * @param rollouts the rollouts, in order
   * @param readyAtMicros pods that turned Ready during the run (the new pods), by name
   */
  public RolloutReport(
      List<RequestRecord> records, List<Window> rollouts, Map<String, Long> readyAtMicros) {
    this.records =
        records.stream().sorted(Comparator.comparingLong(RequestRecord::startMicros)).toList();
    this.rollouts = List.copyOf(rollouts);
    this.readyAtMicros = new TreeMap<>(readyAtMicros);
  }

  /** Adds a top-level field (settings, sizing) to the JSON. */
  public RolloutReport with(String key, Object value) {
    extra.put(key, value);
    return this;
  }

  public long total() {
    return records.size();
  }

  /**
   * Requests sent per second between the first and the last request (the load paces itself down
   * when answers are slow).
   */
  public double achievedRate() {
    if (records.size() < 2) {
      return 0;
    }
    long span = records.get(records.size() - 1).startMicros() - records.get(0).startMicros();
    return span <= 0 ? 0 : Math.round(records.size() * 1e7 / span) / 10.0;
  }

  public List<RequestRecord> failures() {
    return records.stream().filter(RequestRecord::failed).toList();
  }

  /**
   * Outside the rollouts, less each new pod's first requests (reported apart), so that "first 1,000
   * after Ready" compares a new pod with pods serving as usual.
   */
  public LatencySummary steady() {
    Set<RequestRecord> first = Collections.newSetFromMap(new IdentityHashMap<>());
    readyAtMicros.keySet().forEach(pod -> first.addAll(firstAfterReady(pod)));
    return summary(
        records.stream().filter(r -> !r.failed() && !inRollout(r) && !first.contains(r)).toList());
  }

  public LatencySummary duringRollouts() {
    return summary(records.stream().filter(r -> !r.failed() && inRollout(r)).toList());
  }

  /**
   * Each new pod's first {@value #FIRST_N} successful requests sent after it turned Ready, pooled.
   */
  public LatencySummary firstAfterReady() {
    List<RequestRecord> pooled = new ArrayList<>();
    readyAtMicros.keySet().forEach(pod -> pooled.addAll(firstAfterReady(pod)));
    return summary(pooled);
  }

  List<RequestRecord> firstAfterReady(String pod) {
    Long readyAt = readyAtMicros.get(pod);
    if (readyAt == null) {
      return List.of();
    }
    return records.stream()
        .filter(r -> !r.failed() && pod.equals(r.pod()) && r.startMicros() >= readyAt)
        .limit(FIRST_N)
        .toList();
  }

  private boolean inRollout(RequestRecord r) {
    for (Window w : rollouts) {
      if (w.contains(r.startMicros())) {
        return true;
      }
    }
    return false;
  }

  private static LatencySummary summary(List<RequestRecord> rs) {
    return LatencySummary.ofNanos(rs.stream().mapToLong(RequestRecord::latencyNanos).toArray());
  }

  public ObjectNode toJson() {
    ObjectMapper json = new ObjectMapper();
    ObjectNode root = json.createObjectNode();
    root.put("total", total());
    List<RequestRecord> failures = failures();
    root.put("failed", failures.size());
    root.put(
        "retried_on_closed_keepalive", records.stream().filter(RequestRecord::retried).count());
    root.put("new_connections", records.stream().filter(RequestRecord::newConnection).count());
    root.put("achieved_rate_per_s", achievedRate());
    root.set("steady", summaryJson(json, steady()));
    root.set("during_rollouts", summaryJson(json, duringRollouts()));
    root.set("first_1000_after_ready", summaryJson(json, firstAfterReady()));

    ArrayNode rolloutsJson = root.putArray("rollouts");
    for (Window w : rollouts) {
      ObjectNode o = rolloutsJson.addObject();
      o.put("name", w.name());
      o.put("started_at", iso(w.startMicros()));
      o.put("completed_at", iso(w.endMicros()));
      o.put("duration_s", Math.round((w.endMicros() - w.startMicros()) / 1e4) / 100.0);
      o.set(
          "latency",
          summaryJson(
              json,
              summary(
                  records.stream()
                      .filter(r -> !r.failed() && w.contains(r.startMicros()))
                      .toList())));
    }

    ArrayNode pods = root.putArray("pods");
    TreeSet<String> names = new TreeSet<>(readyAtMicros.keySet());
    records.stream().map(RequestRecord::pod).filter(p -> p != null).forEach(names::add);
    for (String pod : names) {
      List<RequestRecord> served =
          records.stream().filter(r -> !r.failed() && pod.equals(r.pod())).toList();
      ObjectNode o = pods.addObject();
      o.put("name", pod);
      Long readyAt = readyAtMicros.get(pod);
      o.put("ready_at", readyAt == null ? null : iso(readyAt));
      o.put("first_request_at", served.isEmpty() ? null : iso(served.get(0).startMicros()));
      o.put("requests", served.size());
      LatencySummary all = summary(served);
      putMs(o, "p50_ms", all.p50Ms());
      putMs(o, "p99_ms", all.p99Ms());
      putMs(o, "max_ms", all.maxMs());
      if (readyAt != null) {
        o.set("first_1000_after_ready", summaryJson(json, summary(firstAfterReady(pod))));
      }
    }

    ArrayNode failuresJson = root.putArray("failures");
    failures.stream()
        .limit(FAILURES_LISTED)
        .forEach(
            r -> failuresJson.addObject().put("at", iso(r.startMicros())).put("what", r.failure()));
    extra.forEach((k, v) -> root.set(k, json.valueToTree(v)));
    return root;
  }

  public void write(Path file) throws IOException {
    Files.createDirectories(file.toAbsolutePath().getParent());
    new ObjectMapper()
        .enable(SerializationFeature.INDENT_OUTPUT)
        .writeValue(file.toFile(), toJson());
  }

  private static ObjectNode summaryJson(ObjectMapper json, LatencySummary s) {
    ObjectNode o = json.createObjectNode();
    o.put("count", s.count());
    putMs(o, "p50_ms", s.p50Ms());
    putMs(o, "p99_ms", s.p99Ms());
    putMs(o, "max_ms", s.maxMs());
    return o;
  }

  /** NaN (no values) is not JSON: null instead. */
  private static void putMs(ObjectNode o, String key, double value) {
    if (Double.isNaN(value)) {
      o.putNull(key);
    } else {
      o.put(key, value);
    }
  }
}
