package dev.kubewsgi.e2e.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

class LatencySummaryTest {

  private static final long MS = 1_000_000L;

  @Test
  void nearestRankOnOneToHundredMilliseconds() {
    long[] values = LongStream.rangeClosed(1, 100).map(i -> (101 - i) * MS).toArray(); // unsorted
    LatencySummary s = LatencySummary.ofNanos(values);
    assertThat(s.count()).isEqualTo(100);
    assertThat(s.p50Ms()).isEqualTo(50.0);
    assertThat(s.p99Ms()).isEqualTo(99.0);
    assertThat(s.maxMs()).isEqualTo(100.0);
  }

  @Test
  void p99OfFewValuesIsTheMaximum() {
    LatencySummary s = LatencySummary.ofNanos(new long[] {3 * MS, 1 * MS, 2 * MS});
    assertThat(s.p50Ms()).isEqualTo(2.0);
    assertThat(s.p99Ms()).isEqualTo(3.0);
    assertThat(s.maxMs()).isEqualTo(3.0);
  }

  @Test
  void oneSlowRequestInAThousandShowsInMaxNotP99() {
    long[] values = LongStream.range(0, 1000).map(i -> i == 500 ? 900 * MS : 2 * MS).toArray();
    LatencySummary s = LatencySummary.ofNanos(values);
    assertThat(s.p50Ms()).isEqualTo(2.0);
    assertThat(s.p99Ms()).isEqualTo(2.0);
    assertThat(s.maxMs()).isEqualTo(900.0);
  }

  @Test
  void elevenSlowInAThousandReachP99() {
    long[] values = LongStream.range(0, 1000).map(i -> i < 11 ? 50 * MS : 2 * MS).toArray();
    assertThat(LatencySummary.ofNanos(values).p99Ms()).isEqualTo(50.0);
  }

  @Test
  void microsecondResolution() {
    LatencySummary s = LatencySummary.ofNanos(new long[] {1_234_567L});
    assertThat(s.p50Ms()).isEqualTo(1.235);
  }

  @Test
  void emptyHasNoPercentiles() {
    LatencySummary s = LatencySummary.ofNanos(new long[0]);
    assertThat(s.count()).isZero();
    assertThat(s.p99Ms()).isNaN();
  }

  @Test
  void percentileBounds() {
    assertThatThrownBy(() -> LatencySummary.percentile(new long[] {1}, 0))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(LatencySummary.percentile(new long[] {1, 2}, 100)).isEqualTo(2);
  }
}
