package dev.kubewsgi.api.status;

/** The condition types on a process group's status, in Kubernetes conventions. */
public final class ConditionType {

  /** True when every replica is Ready and runs the current spec. */
  public static final String READY = "Ready";

  /** True while a rollout is under way (new pods being created, old ones retired). */
  public static final String PROGRESSING = "Progressing";

  /** True when pods cannot become Ready; the reason and message say why, naming script and line. */
  public static final String DEGRADED = "Degraded";

  private ConditionType() {}
}
