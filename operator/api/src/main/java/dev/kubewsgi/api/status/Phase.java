package dev.kubewsgi.api.status;

/** One-word summary of a process group's state, shown by {@code kubectl get wpg}. */
public enum Phase {
  /** Nothing Ready yet and no rollout under way. */
  Pending,
  /** A rollout is under way; old pods keep serving. */
  Progressing,
  /** Every replica is Ready and runs the current spec. */
  Ready,
  /** Pods cannot become Ready: a failed check, import script or crash loop. */
  Degraded
}
