package dev.kubewsgi.runtime.admin;

import java.io.IOException;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Where the process's memory goes, for {@code /status}: resident and peak resident set (what a
 * pod's memory limit counts), the resident set's anonymous and file-backed parts, the heap's
 * ceiling and use, the JIT's code cache (Truffle's compiled Python lives there too) and the garbage
 * collectors' counts and times.
 */
final class ProcessMemory {

  private static final Path PROC_STATUS = Path.of("/proc/self/status");

  private ProcessMemory() {}

  /** MiB figures; RSS ones are absent where /proc is not Linux's. */
  static Map<String, Object> snapshot(int interpreters) {
    Map<String, Object> out = new LinkedHashMap<>();
    Map<String, Long> proc = procStatusKib();
    Long rss = proc.get("VmRSS");
    Long peak = proc.get("VmHWM");
    if (rss != null) {
      out.put("rssMiB", rss / 1024);
    }
    // Anonymous memory is what an OOM kill answers for; file pages (the AOT cache, jars) the
    // kernel can drop under the limit.
    Long anon = proc.get("RssAnon");
    Long file = proc.get("RssFile");
    if (anon != null && file != null) {
      out.put("rssAnonMiB", anon / 1024);
      out.put("rssFileMiB", file / 1024);
    }
    if (peak != null) {
      out.put("peakRssMiB", peak / 1024);
      if (interpreters > 0) {
        out.put("peakRssMiBPerInterpreter", peak / 1024 / interpreters);
      }
    }
    Runtime runtime = Runtime.getRuntime();
    out.put("heapMaxMiB", runtime.maxMemory() >> 20);
    out.put("heapUsedMiB", (runtime.totalMemory() - runtime.freeMemory()) >> 20);
    long code = 0;
    for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
      if (pool.getType() == MemoryType.NON_HEAP && pool.getName().startsWith("CodeHeap")) {
        code += pool.getUsage().getUsed();
      }
    }
    out.put("codeCacheUsedMiB", code >> 20);
    out.put("gc", collectors());
    return out;
  }

  /**
   * Each collector's collections and the time they took, since start: a pod that stops answering
   * for seconds shows here whether full collections were the cause (the old generation's average
   * pause is its time over its count).
   */
  private static Map<String, Object> collectors() {
    Map<String, Object> out = new LinkedHashMap<>();
    for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
      out.put(
          gc.getName(),
          Map.of("collections", gc.getCollectionCount(), "ms", gc.getCollectionTime()));
    }
    return out;
  }

  private static Map<String, Long> procStatusKib() {
    Map<String, Long> out = new LinkedHashMap<>();
    try {
      for (String line : Files.readAllLines(PROC_STATUS)) {
        int colon = line.indexOf(':');
        if (colon > 0 && line.endsWith(" kB")) {
          String value = line.substring(colon + 1, line.length() - 3).trim();
          out.put(line.substring(0, colon), Long.parseLong(value));
        }
      }
    } catch (IOException | NumberFormatException e) {
      // not Linux, or /proc hidden: the JVM's own figures still go out
    }
    return out;
  }
}
