package dev.kubewsgi.runtime.warmup;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The one settle rule, fed blocks by hand. */
class SettleRuleTest {

  private static final long BLOCK = 250_000_000L;

  @Test
  void settlesAfterPatienceFlatBlocksWithTheJitQuiet() {
    SettleRule rule = new SettleRule(3, 5);
    assertThat(rule.observe(100, BLOCK, 0)).isFalse(); // first block sets the best
    assertThat(rule.observe(99, BLOCK, 0)).isFalse(); // 1% better: flat
    assertThat(rule.observe(101, BLOCK, 0)).isFalse();
    assertThat(rule.observe(98, BLOCK, 0)).isTrue();
  }

  @Test
  void aBetterMedianStartsPatienceOver() {
    SettleRule rule = new SettleRule(3, 5);
    rule.observe(100, BLOCK, 0);
    rule.observe(100, BLOCK, 0);
    rule.observe(100, BLOCK, 0);
    assertThat(rule.observe(50, BLOCK, 0)).as("halved: not flat").isFalse();
    assertThat(rule.observe(50, BLOCK, 0)).isFalse();
    assertThat(rule.observe(50, BLOCK, 0)).isFalse();
    assertThat(rule.observe(50, BLOCK, 0)).isTrue();
  }

  @Test
  void aBusyJitHoldsAFlatMedianBack() {
    SettleRule rule = new SettleRule(3, 5);
    rule.observe(100, BLOCK, 0);
    rule.observe(100, BLOCK, BLOCK / 2);
    rule.observe(100, BLOCK, BLOCK / 2);
    assertThat(rule.observe(100, BLOCK, BLOCK / 2)).as("JIT 50% busy").isFalse();
    assertThat(rule.windowJitPercent()).isEqualTo(50.0);
    rule.observe(100, BLOCK, 0);
    rule.observe(100, BLOCK, 0);
    assertThat(rule.observe(100, BLOCK, 0)).isTrue();
  }

  @Test
  void withoutAMedianTheJitAloneDecides() {
    SettleRule rule = new SettleRule(2, 0);
    assertThat(rule.observe(Double.NaN, BLOCK, BLOCK)).isFalse();
    assertThat(rule.observe(Double.NaN, BLOCK, 0)).as("window still 50% busy").isFalse();
    assertThat(rule.observe(Double.NaN, BLOCK, BLOCK / 100)).isTrue();
  }
}
