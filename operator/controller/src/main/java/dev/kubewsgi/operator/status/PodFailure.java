package dev.kubewsgi.operator.status;

/**
 * Why a process group's pods cannot become Ready.
 *
 * @param reason a reason from {@link dev.kubewsgi.api.status.ConditionReason}
 * @param message what went wrong, naming the pod and, when the runtime said so, script and line
 */
public record PodFailure(String reason, String message) {}
