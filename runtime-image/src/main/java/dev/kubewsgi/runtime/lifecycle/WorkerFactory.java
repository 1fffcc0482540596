package dev.kubewsgi.runtime.lifecycle;

import dev.kubewsgi.runtime.BootFailure;
import dev.kubewsgi.runtime.config.ApplicationGroup;
import dev.kubewsgi.runtime.dispatch.Worker;

/** How the supervisor gets a warm worker (boot's WorkerStarter): started, preloaded and warmed. */
public interface WorkerFactory {

  /**
   * Starts worker {@code index} of {@code group}; generation 1 is boot, later ones replace a
   * recycled worker.
   */
  Worker start(ApplicationGroup group, int index, int generation, long deadlineNanos)
      throws BootFailure;
}
