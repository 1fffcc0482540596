package dev.kubewsgi.api;

/** The ports a runtime listens on, in a pod and by default locally. */
public final class RuntimePorts {

  /** Applications are served here. */
  public static final int HTTP = 8080;

  /** Health, readiness, status and metrics; never exposed by the Service. */
  public static final int ADMIN = 8081;

  private RuntimePorts() {}
}
