package dev.kubewsgi.e2e.report;

import java.util.Arrays;
import java.util.Collection;

/**
 * Count, median, 99th percentile and maximum of a set of latencies, in milliseconds. Percentiles
 * are nearest-rank: the smallest value with at least p% of the values at or below it, always one of
 * the measured values.
 */
public record LatencySummary(int count, double p50Ms, double p99Ms, double maxMs) {

  public static final LatencySummary EMPTY =
      new LatencySummary(0, Double.NaN, Double.NaN, Double.NaN);

  public static LatencySummary ofNanos(long[] latencies) {
    if (latencies.length == 0) {
      return EMPTY;
    }
    long[] sorted = latencies.clone();
    Arrays.sort(sorted);
    return new LatencySummary(
        sorted.length,
        millis(percentile(sorted, 50)),
        millis(percentile(sorted, 99)),
        millis(sorted[sorted.length - 1]));
  }

  public static LatencySummary ofNanos(Collection<Long> latencies) {
    return ofNanos(latencies.stream().mapToLong(Long::longValue).toArray());
  }

  /** Nearest-rank percentile of sorted values; p in (0, 100]. */
  static long percentile(long[] sorted, double p) {
    if (sorted.length == 0) {
      throw new IllegalArgumentException("no values");
    }
    if (!(p > 0 && p <= 100)) {
      throw new IllegalArgumentException("p must be in (0, 100]: " + p);
    }
    int rank = (int) Math.ceil(p / 100.0 * sorted.length);
    return sorted[Math.max(rank, 1) - 1];
  }

  private static double millis(long nanos) {
    // Three decimals: microsecond resolution is all a socket round trip can claim.
    return Math.round(nanos / 1_000.0) / 1_000.0;
  }
}
