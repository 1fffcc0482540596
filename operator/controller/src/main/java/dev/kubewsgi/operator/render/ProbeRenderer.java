package dev.kubewsgi.operator.render;

import dev.kubewsgi.api.spec.LifecycleSpec;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.ProbeBuilder;

/**
 * The runtime's probes, all on the admin port: readiness means every interpreter is preloaded and
 * warm, so the startupProbe gives boot the whole startup timeout and the others take over after.
 */
public final class ProbeRenderer {

  public static final String READY_PATH = "/healthz/ready";
  public static final String LIVE_PATH = "/healthz/live";

  /** Short, so a pod turns Ready soon after its warm-up ends. */
  static final int STARTUP_PERIOD_SECONDS = 2;

  private ProbeRenderer() {}

  /** Fails the container only after {@code startupTimeoutSeconds}, rounded up to whole periods. */
  public static Probe startup(LifecycleSpec lifecycle) {
    int timeout =
        lifecycle.getStartupTimeoutSeconds() != null ? lifecycle.getStartupTimeoutSeconds() : 300;
    int failures = Math.max(1, (timeout + STARTUP_PERIOD_SECONDS - 1) / STARTUP_PERIOD_SECONDS);
    return probe(READY_PATH, STARTUP_PERIOD_SECONDS, failures);
  }

  public static Probe readiness() {
    return probe(READY_PATH, 5, 2);
  }

  public static Probe liveness() {
    return probe(LIVE_PATH, 10, 3);
  }

  private static Probe probe(String path, int periodSeconds, int failureThreshold) {
    return new ProbeBuilder()
        .withNewHttpGet()
        .withPath(path)
        .withPort(new IntOrString(DeploymentRenderer.ADMIN_PORT_NAME))
        .endHttpGet()
        .withPeriodSeconds(periodSeconds)
        .withTimeoutSeconds(2)
        .withSuccessThreshold(1)
        .withFailureThreshold(failureThreshold)
        .build();
  }
}
