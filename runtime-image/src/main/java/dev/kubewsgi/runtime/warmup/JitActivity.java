package dev.kubewsgi.runtime.warmup;

import java.lang.management.CompilationMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;

/**
 * How busy the JIT is: CPU time of Truffle's compiler threads, which compile the Python code.
 * Warm-up reads it to tell "latency stopped improving because the code is compiled" from "the
 * compile queue is still full and latency is flat for a while". HotSpot's own compilation time is
 * apart ({@link #hotspotNanos}): it is elapsed time summed over its threads, which on 2 busy cores
 * reads as several cores' worth.
 */
final class JitActivity {

  private static final String TRUFFLE_COMPILER_THREAD = "TruffleCompilerThread";

  private final ThreadMXBean threads = ManagementFactory.getThreadMXBean();
  private final CompilationMXBean hotspot = ManagementFactory.getCompilationMXBean();

  /** Cumulative JIT time in nanoseconds since the JVM started; compare two readings. */
  long nanos() {
    long total = 0;
    if (threads.isThreadCpuTimeSupported()) {
      for (ThreadInfo info : threads.getThreadInfo(threads.getAllThreadIds(), 0)) {
        if (info != null && info.getThreadName().startsWith(TRUFFLE_COMPILER_THREAD)) {
          long cpu = threads.getThreadCpuTime(info.getThreadId());
          if (cpu > 0) {
            total += cpu;
          }
        }
      }
    }
    return total;
  }

  /**
   * HotSpot's cumulative compilation time (C1, C2) in nanoseconds: the Java side of the request
   * path. Elapsed time summed over compiler threads, so only "near zero" is meaningful.
   */
  long hotspotNanos() {
    return hotspot != null && hotspot.isCompilationTimeMonitoringSupported()
        ? hotspot.getTotalCompilationTime() * 1_000_000L
        : 0;
  }
}
