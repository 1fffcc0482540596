package dev.kubewsgi.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kubewsgi.e2e.kube.E2eCluster;
import dev.kubewsgi.e2e.kube.NodeProcesses;
import dev.kubewsgi.e2e.kube.PodTracker;
import dev.kubewsgi.e2e.kube.ProcessGroupFixture;
import dev.kubewsgi.e2e.load.LoadGenerator;
import dev.kubewsgi.e2e.load.RequestRecord;
import dev.kubewsgi.e2e.report.FaultsReport;
import dev.kubewsgi.e2e.report.RolloutReport;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

/**
 * Scenario 3, the product's promise: under a steady load through the ClusterIP, four changes pushed
 * back to back (an import script's content, a restart annotation, an environment variable, and
 * RecycleE2E's {@code lifecycle.maximumRequests}) each reach the Deployment, and the one rollout
 * they make fails no request; each new pod serves its first requests warm. Writes
 * rollout-report.json. That each change alone rolls the pods is the renderer's job, tested without
 * a cluster (DeploymentRendererTest); a second rollout under load is BrokenScriptE2E's fixed
 * script. One rollout for four changes, because on two cores each rollout costs minutes of CI. Once
 * the rollout began, the operator's process is SIGKILLed: the rollout still finishes with no failed
 * request, the operator comes back and does not roll the pods a second time (faults-report.json).
 */
@Order(3)
class RollingRestartE2E {

  static final Duration STEADY_BEFORE = Duration.ofSeconds(20);

  /** After the last rollout: long enough for the last new pod's first 1,000 requests at ~100/s. */
  static final Duration STEADY_AFTER = Duration.ofSeconds(20);

  /** A change to the resource, named for the log and the report. */
  record Change(String name, Runnable apply) {}

  /**
   * Applies the changes one after another, each once the operator carried the previous one into the
   * Deployment, then waits until the Deployment finished rolling; returns the window.
   */
  static RolloutReport.Window rollout(
      E2eRun run, LoadGenerator load, String name, List<Change> changes, Runnable whileRolling) {
    long start = load.nowMicros();
    E2eCluster.log(
        "rollout '"
            + name
            + "' starts ("
            + load.sent()
            + " requests sent, "
            + load.failed()
            + " failed)");
    for (Change change : changes) {
      long before = run.flask.deployment().getMetadata().getGeneration();
      change.apply().run();
      E2eCluster.await(
          "the operator to update the Deployment for '" + change.name() + "'",
          Duration.ofMinutes(1),
          () -> run.flask.deployment().getMetadata().getGeneration() > before);
    }
    whileRolling.run();
    E2eCluster.await(
        "rollout '" + name + "' to complete", E2eRun.ROLLOUT_TIMEOUT, run.flask::rolloutComplete);
    long end = load.nowMicros();
    E2eCluster.log(
        "rollout '"
            + name
            + "' complete in "
            + (end - start) / 1_000_000
            + " s ("
            + load.sent()
            + " requests sent, "
            + load.failed()
            + " failed)");
    return new RolloutReport.Window(name, start, end);
  }

  static void pause(Duration d) {
    try {
      Thread.sleep(d);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  /** The operator's process SIGKILLed once the rollout began: when, and what it had written. */
  record OperatorKill(long atMicros, int restartsBefore, long deploymentGeneration) {}

  private static OperatorKill killOperator(E2eRun run) {
    var pod = run.operatorPod();
    int restarts = run.operatorState().restarts();
    long generation = run.flask.deployment().getMetadata().getGeneration();
    long at = PodTracker.nowMicros();
    int killed = NodeProcesses.kill(pod, "operator");
    E2eCluster.log(
        "operator pod "
            + pod.getMetadata().getName()
            + ": SIGKILLed its "
            + killed
            + " process(es) mid-rollout (Deployment generation "
            + generation
            + ")");
    return new OperatorKill(at, restarts, generation);
  }

  /**
   * After the rollout: the operator's container came back, reconciled the resource to its current
   * generation, and left the Deployment as it was at the kill (nothing rolled twice).
   */
  private static void checkOperatorRecovered(
      E2eRun run, OperatorKill kill, List<RequestRecord> records, long rolloutEndMicros) {
    E2eCluster.await(
        "the operator's container to restart and turn Ready",
        Duration.ofMinutes(3),
        () -> {
          var state = run.operatorState();
          return state.restarts() > kill.restartsBefore() && state.ready();
        });
    // When it turned Ready, from the pod's condition: this check runs only after the rollout.
    long operatorReadyMicros =
        run.operatorPod().getStatus().getConditions().stream()
            .filter(c -> "Ready".equals(c.getType()))
            .map(c -> Instant.parse(c.getLastTransitionTime()))
            .map(t -> t.getEpochSecond() * 1_000_000L + t.getNano() / 1_000)
            .findFirst()
            .orElseGet(PodTracker::nowMicros);
    E2eCluster.await(
        "the resource's status to reach its generation",
        Duration.ofMinutes(2),
        () -> {
          var r = run.flask.resource();
          return r.path("status").path("observedGeneration").asLong()
                  == r.path("metadata").path("generation").asLong()
              && run.flask.ready();
        });
    long kept = run.flask.deployment().getMetadata().getGeneration();
    long failed = FaultsReport.failed(records);
    run.faults.add(
        new FaultsReport.Fault(
            "operator SIGKILLed mid-rollout",
            FaultsReport.sentBetween(records, kill.atMicros(), rolloutEndMicros),
            failed,
            0,
            "zero: the Deployment controller finishes the rollout without the operator",
            (operatorReadyMicros - kill.atMicros()) / 1e6,
            Map.of(
                "recovery",
                "kill to the operator's container Ready again",
                "deployment_generation_at_kill",
                kill.deploymentGeneration(),
                "deployment_generation_after",
                kept)));
    assertThat(kept)
        .as("Deployment generation after the restarted operator reconciled (one rollout, not two)")
        .isEqualTo(kill.deploymentGeneration());
  }

  @Test
  void fourChangesRollOnceUnderLoadAndFailNoRequest() throws Exception {
    E2eRun run = E2eRun.get();
    ServeE2E.ensureServing(run);
    String restartedAt = Instant.now().toString();
    String hashBefore = podTemplateAnnotation(run, ProcessGroupFixture.CONFIG_HASH_ANNOTATION);
    List<RolloutReport.Window> windows = new ArrayList<>();
    List<RequestRecord> records;
    Map<String, Long> readyAt;
    OperatorKill[] kill = new OperatorKill[1];
    try (PodTracker pods = run.flask.track()) {
      LoadGenerator load = run.startLoad();
      try {
        pause(STEADY_BEFORE);
        windows.add(
            rollout(
                run,
                load,
                "script content, restart annotation, environment variable, maximumRequests",
                List.of(
                    new Change(
                        "import script content",
                        () -> run.flask.setMarkerSource(ProcessGroupFixture.markerScript(1))),
                    new Change(
                        "restart annotation",
                        () ->
                            run.flask.setPodAnnotation(
                                ProcessGroupFixture.RESTART_ANNOTATION, restartedAt)),
                    new Change(
                        "environment variable",
                        () -> run.flask.setEnv(ProcessGroupFixture.ROLLOUT_ENV, "3")),
                    new Change(
                        "maximumRequests",
                        () -> run.flask.patch(RecycleE2E.MAXIMUM_REQUESTS_PATCH))),
                () -> kill[0] = killOperator(run)));
        pause(STEADY_AFTER);
      } finally {
        records = load.stop();
        readyAt = pods.readyAtMicros();
        writeReport(run, records, windows, readyAt);
      }
    }

    long failed = records.stream().filter(RequestRecord::failed).count();
    E2eCluster.log(
        "load: "
            + records.size()
            + " requests, "
            + failed
            + " failed, "
            + records.stream().filter(RequestRecord::retried).count()
            + " retried on a closed keep-alive connection");
    assertThat(windows).as("rollouts completed").hasSize(1);
    checkOperatorRecovered(run, kill[0], records, windows.get(0).endMicros());
    assertThat(records.stream().filter(RequestRecord::failed).map(RequestRecord::failure).limit(20))
        .as("failed requests (of %d)", records.size())
        .isEmpty();
    // The pods that serve now carry the changes (maximumRequests: RecycleE2E sees it work).
    assertThat(podTemplateAnnotation(run, ProcessGroupFixture.CONFIG_HASH_ANNOTATION))
        .as("the script's content reached the pod template's configuration hash")
        .isNotEqualTo(hashBefore);
    assertThat(podTemplateAnnotation(run, ProcessGroupFixture.RESTART_ANNOTATION))
        .isEqualTo(restartedAt);
    assertThat(
            run.flask.deployment().getSpec().getTemplate().getSpec().getContainers().stream()
                .filter(c -> c.getName().equals(ProcessGroupFixture.RUNTIME_CONTAINER))
                .flatMap(c -> c.getEnv().stream())
                .filter(e -> e.getName().equals(ProcessGroupFixture.ROLLOUT_ENV))
                .map(e -> e.getValue()))
        .containsExactly("3");
    // Both new pods of the rollout turned Ready and took traffic.
    assertThat(readyAt).hasSizeGreaterThanOrEqualTo(2);
    assertThat(run.flask.ready()).isTrue();
  }

  private static String podTemplateAnnotation(E2eRun run, String key) {
    return run.flask.deployment().getSpec().getTemplate().getMetadata().getAnnotations().get(key);
  }

  private static void writeReport(
      E2eRun run,
      List<RequestRecord> records,
      List<RolloutReport.Window> windows,
      Map<String, Long> readyAt)
      throws java.io.IOException {
    Map<String, Object> load = new LinkedHashMap<>();
    load.put("rate_per_s", E2eRun.RATE);
    load.put("keep_alive_connections", E2eRun.KEEP_ALIVE_CONNECTIONS);
    load.put("new_connection_workers", E2eRun.NEW_CONNECTION_WORKERS);
    load.put("path", ProcessGroupFixture.LOAD_PATH);
    load.put("target", "Service ClusterIP");
    RolloutReport report =
        new RolloutReport(records, windows, readyAt)
            .with("load", load)
            .with("sizing", run.flask.sizing())
            .with("warmup", run.flask.manifest().path("spec").path("warmup"));
    Path file = run.cluster.reportDir().resolve("rollout-report.json");
    report.write(file);
    E2eCluster.log(
        "wrote "
            + file
            + ": steady "
            + report.steady()
            + ", during rollouts "
            + report.duringRollouts()
            + ", first "
            + RolloutReport.FIRST_N
            + " after Ready "
            + report.firstAfterReady());
    List<Map<String, Object>> rollouts = new ArrayList<>();
    for (RolloutReport.Window w : windows) {
      rollouts.add(Map.of("name", w.name(), "duration_s", (w.endMicros() - w.startMicros()) / 1e6));
    }
    run.figures.put("rollouts", rollouts);
  }
}
