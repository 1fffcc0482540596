package dev.kubewsgi.runtime.warmup;

import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.util.Optional;

/**
 * Lowers the calling thread's scheduling priority (raises its nice value). On Linux {@code
 * setpriority(PRIO_PROCESS, 0, n)} applies to the calling thread only, and raising one's own nice
 * value needs no privilege. Warm-up threads run at a lower priority so that Truffle's compiler
 * threads, whose work is what warm-up waits for, get the cores first.
 */
final class ThreadNice {

  private static final int PRIO_PROCESS = 0;
  private static final MethodHandle SETPRIORITY = lookup();

  private ThreadNice() {}

  /** Sets the calling thread's nice value; returns an error text, or empty when it took. */
  static Optional<String> raise(int nice) {
    if (SETPRIORITY == null) {
      return Optional.of("setpriority is not available on this platform");
    }
    try {
      int rc = (int) SETPRIORITY.invokeExact(PRIO_PROCESS, 0, nice);
      return rc == 0 ? Optional.empty() : Optional.of("setpriority returned " + rc);
    } catch (Throwable e) {
      return Optional.of("setpriority failed: " + e);
    }
  }

  private static MethodHandle lookup() {
    try {
      Linker linker = Linker.nativeLinker();
      return linker
          .defaultLookup()
          .find("setpriority")
          .map(
              address ->
                  linker.downcallHandle(
                      address,
                      FunctionDescriptor.of(
                          ValueLayout.JAVA_INT,
                          ValueLayout.JAVA_INT,
                          ValueLayout.JAVA_INT,
                          ValueLayout.JAVA_INT)))
          .orElse(null);
    } catch (RuntimeException | LinkageError e) {
      return null;
    }
  }
}
