package dev.kubewsgi.runtime.lifecycle;

import dev.kubewsgi.api.spec.LifecycleSpec;
import dev.kubewsgi.runtime.admin.ReadinessState;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * SIGTERM: readiness fails at once, the application keeps serving for the drain delay while
 * endpoints forget the pod (each response closing its connection, so clients move to other pods),
 * then stops accepting and lets in-flight requests finish within the graceful timeout.
 */
public final class Drain {

  private static final Logger log = LoggerFactory.getLogger(Drain.class);

  private final Supervisor supervisor;
  private final ReadinessState readiness;

  public Drain(Supervisor supervisor, ReadinessState readiness) {
    this.supervisor = supervisor;
    this.readiness = readiness;
  }

  /**
   * Runs the whole drain on the calling thread and closes the supervisor.
   *
   * @param drainDelay the time to keep serving unready; the spec's unless the caller shortens it
   * @return true when every in-flight request finished in time
   */
  public boolean run(Duration drainDelay) throws InterruptedException {
    LifecycleSpec lifecycle = supervisor.config().lifecycle();
    Duration graceful = Duration.ofSeconds(lifecycle.getGracefulTimeoutSeconds());
    readiness.startDraining();
    supervisor.app().closeConnectionsAfterResponses();
    log.info(
        "draining: readiness fails now; serving on for {} s, then up to {} s for in-flight requests",
        drainDelay.toSeconds(),
        graceful.toSeconds());
    Thread.sleep(drainDelay);
    supervisor.app().stopAccepting();
    boolean idle = supervisor.app().awaitIdle(graceful);
    if (idle) {
      log.info("drained: no request in flight");
    } else {
      log.warn(
          "graceful timeout of {} s passed with {} request(s) in flight; closing anyway",
          graceful.toSeconds(),
          supervisor.app().activeExchanges());
    }
    supervisor.close();
    return idle;
  }

  /** The drain delay the resource declares. */
  public Duration declaredDelay() {
    return Duration.ofSeconds(supervisor.config().lifecycle().getDrainDelaySeconds());
  }
}
