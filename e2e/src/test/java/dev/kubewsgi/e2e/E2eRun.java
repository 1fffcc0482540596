package dev.kubewsgi.e2e;

import dev.kubewsgi.e2e.kube.E2eCluster;
import dev.kubewsgi.e2e.kube.ProcessGroupFixture;
import dev.kubewsgi.e2e.load.LoadGenerator;
import dev.kubewsgi.e2e.load.RequestRecord;
import dev.kubewsgi.e2e.report.FaultsReport;
import dev.kubewsgi.e2e.report.Figures;
import io.fabric8.kubernetes.api.model.Pod;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * What the scenarios of one run share: the cluster, the Flask process group, the figures file, the
 * load.
 */
final class E2eRun {

  /** The load of the issue: about 200 requests/s, keep-alive and new connections both. */
  static final int RATE = Integer.getInteger("kubewsgi.e2e.rate", 200);

  /**
   * Each worker paces itself at RATE / workers and waits for its answer: 16 workers keep 200/s
   * while answers take up to 80 ms (a cold or CPU-starved pod); slower, the achieved rate drops and
   * the report says so.
   */
  static final int KEEP_ALIVE_CONNECTIONS = 12;

  static final int NEW_CONNECTION_WORKERS = 4;

  /**
   * Hard bound on one load run: past the rollouts' own timeouts on a contended machine (a 30-minute
   * bound once ended the load in the middle of a rollout).
   */
  static final Duration LOAD_BOUND =
      Duration.ofMinutes(Long.getLong("kubewsgi.e2e.load.max.minutes", 90));

  static final Duration ROLLOUT_TIMEOUT =
      Duration.ofMinutes(Long.getLong("kubewsgi.e2e.rollout.timeout.minutes", 25));

  private static E2eRun instance;

  final E2eCluster cluster;
  final ProcessGroupFixture flask;
  final Figures figures;
  final FaultsReport faults;

  /** Set when the Flask resource never turned Ready: later scenarios then fail at once. */
  volatile boolean serveFailed;

  private E2eRun() {
    cluster = E2eCluster.get();
    flask =
        new ProcessGroupFixture(
            cluster, E2eCluster.NAMESPACE, ProcessGroupFixture.Sizing.fromProperties());
    figures = new Figures(cluster.reportDir().resolve("e2e-figures.json"));
    faults = new FaultsReport(cluster.reportDir().resolve("faults-report.json"));
  }

  static synchronized E2eRun get() {
    if (instance == null) {
      instance = new E2eRun();
    }
    return instance;
  }

  /** The operator's running pod (the chart's Deployment has one replica in the e2e). */
  Pod operatorPod() {
    return cluster
        .client()
        .pods()
        .inNamespace(E2eCluster.OPERATOR_NAMESPACE)
        .withLabel("app.kubernetes.io/component", "operator")
        .list()
        .getItems()
        .stream()
        .filter(p -> p.getMetadata().getDeletionTimestamp() == null)
        .filter(p -> "Running".equals(p.getStatus().getPhase()))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no running operator pod"));
  }

  /** Restarts of the operator pod's container, and whether it is Ready now. */
  record OperatorState(int restarts, boolean ready) {}

  OperatorState operatorState() {
    var s = operatorPod().getStatus().getContainerStatuses().get(0);
    return new OperatorState(s.getRestartCount(), Boolean.TRUE.equals(s.getReady()));
  }

  /**
   * The load through the Service's ClusterIP, bounded by LOAD_BOUND; failures are logged as
   * they happen.
   */
  LoadGenerator startLoad() {
    AtomicInteger logged = new AtomicInteger();
    var settings =
        new LoadGenerator.Settings(
            flask.serviceAddress(),
            ProcessGroupFixture.LOAD_PATH,
            RATE,
            KEEP_ALIVE_CONNECTIONS,
            NEW_CONNECTION_WORKERS,
            LOAD_BOUND,
            (long) RATE * LOAD_BOUND.toSeconds(),
            Duration.ofSeconds(3),
            Duration.ofSeconds(30));
    E2eCluster.log(
        "load: "
            + RATE
            + " requests/s to "
            + settings.target()
            + settings.path()
            + " ("
            + KEEP_ALIVE_CONNECTIONS
            + " keep-alive connections, "
            + NEW_CONNECTION_WORKERS
            + " workers opening a connection per request)");
    return LoadGenerator.start(
        settings,
        (RequestRecord r) -> {
          if (logged.incrementAndGet() <= 20) {
            E2eCluster.log("FAILED request: " + r.failure());
          }
        });
  }
}
