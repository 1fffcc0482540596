package dev.kubewsgi.runtime.dispatch;

import dev.kubewsgi.runtime.interp.Interpreter;
import java.time.Duration;

/**
 * The request-path settings: timeouts from {@code spec.lifecycle}, recycling, and the optional
 * {@code X-Kubewsgi-Served-By} header ({@code podName} null leaves it out).
 */
public record DispatchSettings(
    Duration queueTimeout, Duration requestTimeout, long maximumRequests, String podName) {

  String servedBy(Interpreter interpreter) {
    return podName == null
        ? null
        : podName + "/" + interpreter.group() + "/" + interpreter.worker();
  }
}
