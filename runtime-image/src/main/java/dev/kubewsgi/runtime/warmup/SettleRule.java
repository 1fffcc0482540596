package dev.kubewsgi.runtime.warmup;

/**
 * When a warm-up pass may stop: the block median has not beaten the best block by the threshold for
 * {@code patience} blocks in a row, and the JIT was quiet over those blocks. A flat median alone is
 * not enough: with the compile queue full, latency stays flat for seconds and then drops again when
 * the next batch of compiled code lands. A pass that has no median (the HTTP pass, whose clients
 * run in parallel) gives {@link Double#NaN}: then only the JIT decides.
 */
public final class SettleRule {

  /** Blocks in a row without a better median, with the JIT quiet over them. */
  public static final int PATIENCE_BLOCKS = 3;

  /** The JIT counts as quiet below this share of the blocks' wall time (all compiler threads). */
  public static final double JIT_QUIET_PERCENT = 10.0;

  private final int patience;
  private final double thresholdPercent;
  private final long[] windowWall;
  private final long[] windowJit;
  private double best = Double.MAX_VALUE;
  private int flat;
  private int blocks;

  public SettleRule(int patience, double thresholdPercent) {
    if (patience < 1) {
      throw new IllegalArgumentException("patience must be at least 1 block: " + patience);
    }
    this.patience = patience;
    this.thresholdPercent = thresholdPercent;
    this.windowWall = new long[patience];
    this.windowJit = new long[patience];
  }

  /**
   * Records one block; returns whether the pass has settled.
   *
   * @param medianMicros the block's median latency, or NaN when the pass measures none
   * @param wallNanos the block's wall time
   * @param jitNanos the JIT's CPU time during the block
   */
  public boolean observe(double medianMicros, long wallNanos, long jitNanos) {
    windowWall[blocks % patience] = wallNanos;
    windowJit[blocks % patience] = Math.max(0, jitNanos);
    blocks++;
    if (!Double.isNaN(medianMicros) && medianMicros < best * (100 - thresholdPercent) / 100.0) {
      flat = 0;
    } else {
      flat++;
    }
    if (!Double.isNaN(medianMicros)) {
      best = Math.min(best, medianMicros);
    }
    return flat >= patience && windowJitPercent() < JIT_QUIET_PERCENT;
  }

  /** The JIT's share of the last {@code patience} blocks' wall time, in percent. */
  public double windowJitPercent() {
    long wall = 0;
    long jit = 0;
    for (int i = 0; i < Math.min(blocks, patience); i++) {
      wall += windowWall[i];
      jit += windowJit[i];
    }
    return wall == 0 ? 100.0 : 100.0 * jit / wall;
  }

  public int patience() {
    return patience;
  }
}
