package dev.kubewsgi.api.status;

/** The condition types on a process group's status, in Kubernetes conventions. */
public final class ConditionType {

  /** True when every replica is Ready and runs the current spec. */
  public static final String READY = "Ready";

  /** True while a rollout is under way (new pods being created, old ones retired). */
  public static final String PROGRESSING = "Progressing";

  /** True when pods cannot become Ready; the reason and message say why, naming script and line. */
  public static final String DEGRADED = "Degraded";

  /**
   * kstatus: True while the operator or the Deployment is still working towards the spec (a
   * rollout, pods not yet Ready, an unschedulable pod that a new node may fit), and nothing is
   * stuck. kstatus, Flux and {@code kubectl wait} read it as in progress.
   */
  public static final String RECONCILING = "Reconciling";

  /**
   * kstatus: True when progress needs a change from the user: a failed check, import script,
   * application load or warm-up, a crash loop, an image that cannot be pulled, a rollout past its
   * progress deadline, objects the operator cannot render. Read as failed.
   */
  public static final String STALLED = "Stalled";

  private ConditionType() {}
}
