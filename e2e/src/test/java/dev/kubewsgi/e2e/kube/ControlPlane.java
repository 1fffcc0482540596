package dev.kubewsgi.e2e.kube;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * The control plane run.sh started (e2e/cluster/control-plane.sh, state in KUBEWSGI_CLUSTER_DIR).
 */
public final class ControlPlane {

  private ControlPlane() {}

  /**
   * Stops the API server for {@code away}, starts it again with the same arguments and returns once
   * it answers /readyz.
   */
  public static void outage(Path repoDir, Duration away) {
    Path script = repoDir.resolve("e2e/cluster/control-plane.sh");
    ProcessBuilder pb =
        new ProcessBuilder("bash", script.toString(), "outage", Long.toString(away.toSeconds()))
            .inheritIO()
            .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
    if (System.getenv("KUBEWSGI_CLUSTER_DIR") == null) {
      throw new IllegalStateException("KUBEWSGI_CLUSTER_DIR is not set: run through e2e/run.sh");
    }
    try {
      Process p = pb.start();
      if (!p.waitFor(away.toSeconds() + 180, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        throw new IllegalStateException("control-plane.sh outage did not finish");
      }
      if (p.exitValue() != 0) {
        throw new IllegalStateException("control-plane.sh outage exited with " + p.exitValue());
      }
    } catch (IOException e) {
      throw new IllegalStateException("cannot run " + script, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted during the API server outage", e);
    }
  }
}
