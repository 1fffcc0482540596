package dev.kubewsgi.operator.apiserver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.kubewsgi.api.ExitCode;
import dev.kubewsgi.api.WsgiProcessGroup;
import dev.kubewsgi.api.WsgiProcessGroupStatus;
import dev.kubewsgi.api.spec.ImportScriptSpec;
import dev.kubewsgi.api.spec.RolloutSpec;
import dev.kubewsgi.api.spec.WarmupSpec;
import dev.kubewsgi.api.status.Phase;
import dev.kubewsgi.operator.render.ResourceNames;
import dev.kubewsgi.operator.status.StatusAggregator;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.ConfigMapKeySelector;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.javaoperatorsdk.operator.junit.LocallyRunOperatorExtension;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The operator against a real kube-apiserver, etcd and kube-controller-manager (Deployment ->
 * ReplicaSet -> Pod and garbage collection are real; there is no node, so pods stay Pending unless
 * a test writes their status as a kubelet would).
 */
class WsgiProcessGroupReconcilerApiServerTest {

  private static final Duration WAIT = Duration.ofSeconds(60);

  @RegisterExtension static final LocallyRunOperatorExtension operator = ProcessGroups.operator();

  /** Awaitility that keeps polling through exceptions (a condition not there yet). */
  private static org.awaitility.core.ConditionFactory eventually() {
    return await().atMost(WAIT).pollInterval(Duration.ofMillis(200)).ignoreExceptions();
  }

  private KubernetesClient client() {
    return operator.getKubernetesClient();
  }

  private static WsgiProcessGroup group(String name, int replicas) {
    return ProcessGroups.hello(name, replicas);
  }

  private <T extends io.fabric8.kubernetes.api.model.HasMetadata> T awaitObject(
      Class<T> type, String name) {
    return eventually().until(() -> operator.get(type, name), o -> o != null);
  }

  private String podTemplateHash(String name) {
    return operator
        .get(Deployment.class, name)
        .getSpec()
        .getTemplate()
        .getMetadata()
        .getAnnotations()
        .get(ResourceNames.CONFIG_HASH_ANNOTATION);
  }

  private WsgiProcessGroupStatus status(String name) {
    WsgiProcessGroup group = operator.get(WsgiProcessGroup.class, name);
    return group == null ? null : group.getStatus();
  }

  private Optional<Condition> condition(String name, String type) {
    return StatusAggregator.find(status(name), type);
  }

  @Test
  void aGroupBecomesItsObjectsOwnedByIt() {
    WsgiProcessGroup created = operator.create(group("objects", 1));
    ConfigMap config = awaitObject(ConfigMap.class, "objects-runtime");
    Deployment deployment = awaitObject(Deployment.class, "objects");
    Service service = awaitObject(Service.class, "objects");
    assertThat(config.getData().get("processgroup.yaml")).contains("GREETING = 'objects'");
    assertThat(deployment.getSpec().getTemplate().getSpec().getInitContainers()).isEmpty();
    assertThat(deployment.getSpec().getTemplate().getSpec().getContainers().getFirst().getArgs())
        .contains("run", "/etc/kubewsgi/processgroup.yaml");
    assertThat(service.getSpec().getPorts().getFirst().getPort()).isEqualTo(8080);
    for (var object : List.of(config, deployment, service)) {
      assertThat(object.getMetadata().getOwnerReferences())
          .singleElement()
          .satisfies(owner -> assertThat(owner.getUid()).isEqualTo(created.getMetadata().getUid()));
    }
    assertThat(operator.get(PodDisruptionBudget.class, "objects")).isNull();
    // The controller-manager's ReplicaSet controller makes the pods; they stay Pending (no node).
    eventually().until(() -> pods("objects").size(), n -> n == 1);
    eventually()
        .untilAsserted(
            () -> {
              assertThat(status("objects")).isNotNull();
              assertThat(status("objects").getPhase()).isEqualTo(Phase.Progressing);
              assertThat(status("objects").getSelector())
                  .isEqualTo("kubewsgi.dev/process-group=objects");
              assertThat(status("objects").getObservedGeneration())
                  .isEqualTo(created.getMetadata().getGeneration());
            });
  }

  @Test
  void scalingThroughTheScaleSubresourceScalesTheDeploymentAndAddsABudget() {
    operator.create(group("scaled", 1));
    awaitObject(Deployment.class, "scaled");
    String hash = podTemplateHash("scaled");

    client()
        .resources(WsgiProcessGroup.class)
        .inNamespace(operator.getNamespace())
        .withName("scaled")
        .scale(3);

    eventually()
        .untilAsserted(
            () ->
                assertThat(operator.get(Deployment.class, "scaled").getSpec().getReplicas())
                    .isEqualTo(3));
    awaitObject(PodDisruptionBudget.class, "scaled");
    assertThat(podTemplateHash("scaled")).as("scaling does not restart pods").isEqualTo(hash);
    eventually()
        .untilAsserted(
            () ->
                assertThat(
                        client()
                            .resources(WsgiProcessGroup.class)
                            .inNamespace(operator.getNamespace())
                            .withName("scaled")
                            .scale()
                            .getStatus()
                            .getSelector())
                    .isEqualTo("kubewsgi.dev/process-group=scaled"));

    client()
        .resources(WsgiProcessGroup.class)
        .inNamespace(operator.getNamespace())
        .withName("scaled")
        .scale(1);
    eventually()
        .untilAsserted(
            () -> assertThat(operator.get(PodDisruptionBudget.class, "scaled")).isNull());
  }

  @Test
  void changingAnImportScriptChangesThePodTemplateHash() {
    operator.create(group("scripts", 1));
    awaitObject(Deployment.class, "scripts");
    String before = podTemplateHash("scripts");

    operator.replace(
        edit(
            operator.get(WsgiProcessGroup.class, "scripts"),
            g -> g.getSpec().getImportScripts().getFirst().setSource("GREETING = 'bonjour'\n")));
    eventually().until(() -> podTemplateHash("scripts"), h -> !h.equals(before));
    assertThat(operator.get(ConfigMap.class, "scripts-runtime").getData().get("processgroup.yaml"))
        .contains("bonjour");
  }

  @Test
  void editingAScriptConfigMapRollsThePods() {
    operator.create(
        new ConfigMapBuilder()
            .withNewMetadata()
            .withName("boot-scripts")
            .endMetadata()
            .addToData("boot.py", "READY = True\n")
            .build());
    WsgiProcessGroup group = group("cmscripts", 1);
    ImportScriptSpec fromConfigMap = new ImportScriptSpec();
    fromConfigMap.setConfigMapRef(new ConfigMapKeySelector("boot.py", "boot-scripts", false));
    group.getSpec().getImportScripts().add(fromConfigMap);
    operator.create(group);
    awaitObject(Deployment.class, "cmscripts");
    String before = podTemplateHash("cmscripts");

    operator.replace(
        new ConfigMapBuilder(operator.get(ConfigMap.class, "boot-scripts"))
            .addToData("boot.py", "READY = False\n")
            .build());
    eventually().until(() -> podTemplateHash("cmscripts"), h -> !h.equals(before));
  }

  @Test
  void aMissingScriptConfigMapIsReportedWithItsField() {
    WsgiProcessGroup group = group("noscript", 1);
    ImportScriptSpec fromConfigMap = new ImportScriptSpec();
    fromConfigMap.setConfigMapRef(new ConfigMapKeySelector("boot.py", "absent", false));
    group.getSpec().getImportScripts().add(fromConfigMap);
    operator.create(group);
    eventually()
        .untilAsserted(
            () -> {
              Condition degraded = condition("noscript", "Degraded").orElseThrow();
              assertThat(degraded.getStatus()).isEqualTo("True");
              assertThat(degraded.getReason()).isEqualTo("ReconcileFailed");
              assertThat(degraded.getMessage())
                  .contains("spec.importScripts[1].configMapRef: ConfigMap \"absent\" not found");
            });
  }

  @Test
  void statusFollowsThePodsThroughTheDeployment() {
    operator.create(group("ready", 1));
    Pod pod = eventually().until(() -> pods("ready"), p -> p.size() == 1).getFirst();
    eventually().until(() -> status("ready"), s -> s != null && s.getPhase() == Phase.Progressing);

    // What a kubelet would report once every interpreter is warm.
    FakeKubelet.ready(client(), pod);

    eventually()
        .untilAsserted(
            () -> {
              assertThat(status("ready").getPhase()).isEqualTo(Phase.Ready);
              assertThat(status("ready").getReadyReplicas()).isEqualTo(1);
              assertThat(condition("ready", "Ready").orElseThrow().getReason())
                  .isEqualTo("AllReplicasReady");
              assertThat(condition("ready", "Progressing").orElseThrow().getStatus())
                  .isEqualTo("False");
            });
    eventually()
        .untilAsserted(
            () ->
                assertThat(events("ready"))
                    .extracting(Event::getReason)
                    .contains("AllReplicasReady"));
  }

  @Test
  void readyWithoutWarmupIsAWarningEventAndTheReadyReason() {
    WsgiProcessGroup cold = group("cold", 1);
    cold.getSpec().setWarmup(new WarmupSpec());
    cold.getSpec().getWarmup().setEnabled(false);
    operator.create(cold);
    Pod pod = eventually().until(() -> pods("cold"), p -> p.size() == 1).getFirst();
    FakeKubelet.ready(client(), pod);

    eventually()
        .untilAsserted(
            () -> {
              assertThat(status("cold").getPhase()).isEqualTo(Phase.Ready);
              assertThat(condition("cold", "Ready").orElseThrow().getReason())
                  .isEqualTo("ReadyWithoutWarmup");
            });
    eventually()
        .untilAsserted(
            () ->
                assertThat(events("cold"))
                    .anySatisfy(
                        e -> {
                          assertThat(e.getReason()).isEqualTo("ReadyWithoutWarmup");
                          assertThat(e.getType()).isEqualTo("Warning");
                          assertThat(e.getMessage()).contains("spec.warmup.enabled is false");
                        }));
  }

  @Test
  void aScriptThatFailsAtBootMakesTheGroupDegradedNamingScriptAndLine() {
    operator.create(group("broken", 1));
    Pod pod = eventually().until(() -> pods("broken"), p -> p.size() == 1).getFirst();

    // What a kubelet reports when the runtime exits 7 (import script) at boot with its termination
    // message.
    FakeKubelet.bootFailed(
        client(),
        pod,
        ExitCode.IMPORT_SCRIPT_FAILED.code(),
        "import script importScripts[0], line 1: NameError: name 'GREETNG' is not defined");

    eventually()
        .untilAsserted(
            () -> {
              assertThat(status("broken").getPhase()).isEqualTo(Phase.Degraded);
              Condition degraded = condition("broken", "Degraded").orElseThrow();
              assertThat(degraded.getReason()).isEqualTo("ImportScriptFailed");
              assertThat(degraded.getMessage()).contains("importScripts[0], line 1: NameError");
            });
    eventually()
        .untilAsserted(
            () ->
                assertThat(events("broken"))
                    .anySatisfy(
                        e -> {
                          assertThat(e.getType()).isEqualTo("Warning");
                          assertThat(e.getReason()).isEqualTo("ImportScriptFailed");
                          assertThat(e.getMessage()).contains("line 1");
                        }));
  }

  @Test
  void aStalledRolloutIsDegraded() {
    WsgiProcessGroup group = group("stalled", 1);
    RolloutSpec rollout = new RolloutSpec();
    rollout.setProgressDeadlineSeconds(3);
    group.getSpec().setRollout(rollout);
    operator.create(group);
    // The Deployment controller gives up after 3 s of Pending pods and says so in Progressing.
    eventually()
        .untilAsserted(
            () -> {
              Condition degraded = condition("stalled", "Degraded").orElseThrow();
              assertThat(degraded.getReason()).isEqualTo("RolloutStalled");
              assertThat(condition("stalled", "Progressing").orElseThrow().getReason())
                  .isEqualTo("ProgressDeadlineExceeded");
              assertThat(status("stalled").getPhase()).isEqualTo(Phase.Degraded);
            });
  }

  @Test
  void driftOnAnOwnedObjectIsCorrected() {
    operator.create(group("drift", 2));
    awaitObject(PodDisruptionBudget.class, "drift");
    Deployment deployment = awaitObject(Deployment.class, "drift");

    client()
        .apps()
        .deployments()
        .inNamespace(operator.getNamespace())
        .withName("drift")
        .edit(
            d -> {
              d.getSpec()
                  .getTemplate()
                  .getSpec()
                  .getContainers()
                  .getFirst()
                  .setImage("someone/else:1");
              d.getSpec().setMinReadySeconds(99);
              return d;
            });
    client().services().inNamespace(operator.getNamespace()).withName("drift").delete();

    eventually()
        .untilAsserted(
            () -> {
              Deployment now = operator.get(Deployment.class, "drift");
              assertThat(
                      now.getSpec().getTemplate().getSpec().getContainers().getFirst().getImage())
                  .isEqualTo(
                      deployment
                          .getSpec()
                          .getTemplate()
                          .getSpec()
                          .getContainers()
                          .getFirst()
                          .getImage());
              // The API server leaves a 0 out: back to our 0 reads as null.
              assertThat(Objects.requireNonNullElse(now.getSpec().getMinReadySeconds(), 0))
                  .isZero();
              assertThat(operator.get(Service.class, "drift")).isNotNull();
            });
  }

  @Test
  void deletingTheGroupDeletesItsObjects() {
    operator.create(group("deleted", 2));
    awaitObject(PodDisruptionBudget.class, "deleted");
    awaitObject(ConfigMap.class, "deleted-runtime");
    eventually().until(() -> pods("deleted").size(), n -> n == 2);

    operator.delete(operator.get(WsgiProcessGroup.class, "deleted"));

    // The controller-manager's garbage collector follows the owner references.
    eventually()
        .untilAsserted(
            () -> {
              assertThat(operator.get(Deployment.class, "deleted")).isNull();
              assertThat(operator.get(Service.class, "deleted")).isNull();
              assertThat(operator.get(ConfigMap.class, "deleted-runtime")).isNull();
              assertThat(operator.get(PodDisruptionBudget.class, "deleted")).isNull();
              assertThat(pods("deleted")).isEmpty();
            });
  }

  private List<Pod> pods(String group) {
    return client()
        .pods()
        .inNamespace(operator.getNamespace())
        .withLabel(ResourceNames.PROCESS_GROUP_LABEL, group)
        .list()
        .getItems();
  }

  private List<Event> events(String group) {
    return client().v1().events().inNamespace(operator.getNamespace()).list().getItems().stream()
        .filter(
            e ->
                group.equals(e.getInvolvedObject().getName())
                    && WsgiProcessGroup.KIND.equals(e.getInvolvedObject().getKind()))
        .toList();
  }

  private static WsgiProcessGroup edit(WsgiProcessGroup group, Consumer<WsgiProcessGroup> change) {
    change.accept(group);
    return group;
  }
}
