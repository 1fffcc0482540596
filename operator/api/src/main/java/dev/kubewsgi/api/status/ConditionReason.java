package dev.kubewsgi.api.status;

/** The reasons the operator gives on conditions and events: one CamelCase word each. */
public final class ConditionReason {

  // Ready
  public static final String ALL_REPLICAS_READY = "AllReplicasReady";
  public static final String REPLICAS_NOT_READY = "ReplicasNotReady";
  public static final String DEPLOYMENT_MISSING = "DeploymentMissing";

  /** Every replica is ready, and spec.warmup.enabled is false: their interpreters start cold. */
  public static final String READY_WITHOUT_WARMUP = "ReadyWithoutWarmup";

  // Progressing
  public static final String ROLLOUT_IN_PROGRESS = "RolloutInProgress";
  public static final String ROLLOUT_COMPLETE = "RolloutComplete";
  public static final String PROGRESS_DEADLINE_EXCEEDED = "ProgressDeadlineExceeded";

  // Degraded
  public static final String AS_EXPECTED = "AsExpected";

  /** An init container of {@code spec.podTemplate} failed, so the runtime cannot start. */
  public static final String INIT_CONTAINER_FAILED = "InitContainerFailed";

  /** The runtime exited with code 2. */
  public static final String CONFIGURATION_INVALID = "ConfigurationInvalid";

  /**
   * The runtime exited with code 3: its Java heap ran out (-XX:+ExitOnOutOfMemoryError). Not
   * Stalled: the restarted container can serve; a loop of them shows as restarts.
   */
  public static final String OUT_OF_MEMORY = "OutOfMemory";

  /** The runtime exited with code 7. */
  public static final String IMPORT_SCRIPT_FAILED = "ImportScriptFailed";

  /** The runtime exited with code 4. */
  public static final String APPLICATION_LOAD_FAILED = "ApplicationLoadFailed";

  /** The runtime exited with code 5. */
  public static final String WARMUP_FAILED = "WarmupFailed";

  /** The runtime exited with code 6. */
  public static final String STARTUP_TIMEOUT = "StartupTimeout";

  /** The runtime exited with another code. */
  public static final String RUNTIME_FAILED = "RuntimeFailed";

  public static final String CRASH_LOOP_BACK_OFF = "CrashLoopBackOff";
  public static final String IMAGE_PULL_FAILED = "ImagePullFailed";

  /** A pod cannot be scheduled (no node fits its requests, selector, tolerations or affinity). */
  public static final String UNSCHEDULABLE = "Unschedulable";

  /** The Deployment reports no progress within progressDeadlineSeconds. */
  public static final String ROLLOUT_STALLED = "RolloutStalled";

  /** The Deployment could not create pods (quota, admission). */
  public static final String REPLICA_FAILURE = "ReplicaFailure";

  /** The operator could not render or apply the objects (such as a missing script ConfigMap). */
  public static final String RECONCILE_FAILED = "ReconcileFailed";

  private ConditionReason() {}
}
