package dev.kubewsgi.operator.render;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kubewsgi.api.RuntimePorts;
import dev.kubewsgi.api.WsgiProcessGroup;
import dev.kubewsgi.api.spec.LifecycleSpec;
import dev.kubewsgi.operator.Fixtures;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

class DeploymentRendererTest {

  private static Deployment render(String fixture) {
    return RenderedObjects.render(
            Fixtures.group(fixture), RenderSettings.defaults(), Fixtures.scripts(fixture))
        .deployment();
  }

  private static Container container(Deployment deployment, String name) {
    PodSpec pod = deployment.getSpec().getTemplate().getSpec();
    return Stream.concat(pod.getInitContainers().stream(), pod.getContainers().stream())
        .filter(c -> c.getName().equals(name))
        .findFirst()
        .orElseThrow();
  }

  @ParameterizedTest(name = "{0}: maxSurge {1}, minReady {2}, deadline {3}")
  @CsvSource({"hello, 1, 0, 600", "full, 25%, 5, 300"})
  void rollsOutWithoutEverDroppingAReadyPod(
      String fixture, String maxSurge, int minReady, int deadline) {
    var spec = render(fixture).getSpec();
    assertThat(spec.getStrategy().getType()).isEqualTo("RollingUpdate");
    assertThat(spec.getStrategy().getRollingUpdate().getMaxUnavailable())
        .isEqualTo(new IntOrString(0));
    assertThat(spec.getStrategy().getRollingUpdate().getMaxSurge().toString())
        .isEqualTo(
            new IntOrString(maxSurge.endsWith("%") ? maxSurge : Integer.valueOf(maxSurge))
                .toString());
    assertThat(spec.getMinReadySeconds()).isEqualTo(minReady);
    assertThat(spec.getProgressDeadlineSeconds()).isEqualTo(deadline);
  }

  @ParameterizedTest(name = "startup timeout {0}s -> {1} failures of 2s")
  @CsvSource({"10, 5", "11, 6", "120, 60", "300, 150", "3600, 1800"})
  void startupProbeCoversTheStartupTimeout(int timeout, int failures) {
    LifecycleSpec lifecycle = new LifecycleSpec();
    lifecycle.setStartupTimeoutSeconds(timeout);
    Probe startup = ProbeRenderer.startup(lifecycle);
    assertThat(startup.getFailureThreshold()).isEqualTo(failures);
    assertThat(startup.getPeriodSeconds() * startup.getFailureThreshold())
        .isGreaterThanOrEqualTo(timeout);
    assertThat(startup.getHttpGet().getPath()).isEqualTo("/healthz/ready");
  }

  @Test
  void probesAskTheAdminPort() {
    Container runtime = container(render("full"), ResourceNames.RUNTIME_CONTAINER);
    assertThat(runtime.getStartupProbe().getFailureThreshold()).isEqualTo(60); // 120 s
    assertThat(runtime.getReadinessProbe().getHttpGet().getPath()).isEqualTo("/healthz/ready");
    assertThat(runtime.getLivenessProbe().getHttpGet().getPath()).isEqualTo("/healthz/live");
    for (Probe probe :
        new Probe[] {
          runtime.getStartupProbe(), runtime.getReadinessProbe(), runtime.getLivenessProbe()
        }) {
      assertThat(probe.getHttpGet().getPort()).isEqualTo(new IntOrString("admin"));
    }
    assertThat(runtime.getPorts())
        .extracting(p -> p.getName() + "=" + p.getContainerPort())
        .containsExactly("http=" + RuntimePorts.HTTP, "admin=" + RuntimePorts.ADMIN);
  }

  @ParameterizedTest(name = "drain {0}s + graceful {1}s -> grace {2}s")
  @CsvSource({"5, 30, 45", "0, 0, 10", "7, 20, 37", "600, 3600, 4210"})
  void gracePeriodCoversDrainAndGracefulTimeout(int drain, int graceful, long grace) {
    LifecycleSpec lifecycle = new LifecycleSpec();
    lifecycle.setDrainDelaySeconds(drain);
    lifecycle.setGracefulTimeoutSeconds(graceful);
    assertThat(DeploymentRenderer.terminationGracePeriodSeconds(lifecycle)).isEqualTo(grace);
  }

  @Test
  void gracePeriodOfTheFixture() {
    assertThat(render("full").getSpec().getTemplate().getSpec().getTerminationGracePeriodSeconds())
        .isEqualTo(37L);
    assertThat(render("hello").getSpec().getTemplate().getSpec().getTerminationGracePeriodSeconds())
        .isEqualTo(45L);
  }

  @Test
  void theRuntimeIsLockedDown() {
    String name = ResourceNames.RUNTIME_CONTAINER;
    Deployment deployment = render("full");
    PodSpec pod = deployment.getSpec().getTemplate().getSpec();
    assertThat(pod.getSecurityContext().getRunAsNonRoot()).isTrue();
    assertThat(pod.getSecurityContext().getRunAsUser()).isNotZero();
    assertThat(pod.getSecurityContext().getSeccompProfile().getType()).isEqualTo("RuntimeDefault");
    var security = container(deployment, name).getSecurityContext();
    assertThat(security.getReadOnlyRootFilesystem()).isTrue();
    assertThat(security.getAllowPrivilegeEscalation()).isFalse();
    assertThat(security.getRunAsNonRoot()).isTrue();
    assertThat(security.getCapabilities().getDrop()).containsExactly("ALL");
    assertThat(security.getSeccompProfile().getType()).isEqualTo("RuntimeDefault");
    assertThat(container(deployment, name).getTerminationMessagePolicy())
        .isEqualTo("FallbackToLogsOnError");
    assertThat(container(deployment, name).getVolumeMounts())
        .extracting(m -> m.getMountPath() + (Boolean.TRUE.equals(m.getReadOnly()) ? " ro" : " rw"))
        .containsExactly("/etc/kubewsgi ro", "/var/cache/kubewsgi rw", "/tmp rw");
  }

  @Test
  void theRuntimeIsThePodsOnlyContainerAndRunsTheRenderedConfiguration() {
    Deployment deployment = render("full");
    PodSpec pod = deployment.getSpec().getTemplate().getSpec();
    // The runtime compiles every script before it runs one: no check container before it.
    assertThat(pod.getInitContainers()).isEmpty();
    assertThat(pod.getContainers()).extracting(Container::getName).containsExactly("runtime");
    Container runtime = container(deployment, ResourceNames.RUNTIME_CONTAINER);
    assertThat(runtime.getCommand()).containsExactly("/opt/kubewsgi/bin/kubewsgi");
    assertThat(runtime.getArgs())
        .containsExactly(
            "run", "/etc/kubewsgi/processgroup.yaml", "--port", "8080", "--admin-port", "8081");
    assertThat(runtime.getImage()).isEqualTo("registry.example/shop:1.2.3");
    var volumes = deployment.getSpec().getTemplate().getSpec().getVolumes();
    assertThat(volumes.getFirst().getConfigMap().getName()).isEqualTo("shop-runtime");
    assertThat(volumes).filteredOn(v -> v.getEmptyDir() != null).hasSize(2);
  }

  @Test
  void imageDefaultsToTheOperatorsRuntimeImage() {
    Container runtime = container(render("hello"), ResourceNames.RUNTIME_CONTAINER);
    assertThat(runtime.getImage()).isEqualTo("kubewsgi/runtime:0.1.0");
    assertThat(runtime.getImagePullPolicy()).isEqualTo("IfNotPresent");
    Deployment custom =
        DeploymentRenderer.render(
            Fixtures.group("hello"),
            new RenderSettings("local/runtime:dev", "Never"),
            RuntimeConfigRenderer.render(Fixtures.group("hello"), ScriptSources.none()));
    assertThat(container(custom, "runtime").getImage()).isEqualTo("local/runtime:dev");
    assertThat(container(custom, "runtime").getImagePullPolicy()).isEqualTo("Never");
  }

  @Test
  void podCarriesTheSpecsEnvResourcesAndPlacement() {
    Deployment deployment = render("full");
    PodSpec pod = deployment.getSpec().getTemplate().getSpec();
    Container runtime = container(deployment, ResourceNames.RUNTIME_CONTAINER);
    assertThat(runtime.getEnv())
        .extracting(e -> e.getName())
        .containsExactly(
            "POD_NAME", "POD_NAMESPACE", "KUBEWSGI_CACHE_DIR", "KUBEWSGI_SERVED_BY_HEADER");
    assertThat(runtime.getEnv().getFirst().getValueFrom().getFieldRef().getFieldPath())
        .isEqualTo("metadata.name");
    assertThat(runtime.getResources().getLimits().get("memory").toString()).isEqualTo("2Gi");
    assertThat(pod.getNodeSelector()).containsEntry("pool", "web");
    assertThat(pod.getTolerations()).hasSize(1);
    assertThat(pod.getServiceAccountName()).isEqualTo("shop");
    assertThat(pod.getAutomountServiceAccountToken()).isNull();
    assertThat(pod.getImagePullSecrets().getFirst().getName()).isEqualTo("registry");
    assertThat(deployment.getSpec().getTemplate().getMetadata().getAnnotations())
        .containsEntry("prometheus.io/scrape", "true")
        .containsKey(ResourceNames.CONFIG_HASH_ANNOTATION);
    assertThat(render("hello").getSpec().getTemplate().getSpec().getAutomountServiceAccountToken())
        .isFalse();
  }

  @Test
  void selectorIsTheOneStableLabel() {
    Deployment deployment = render("full");
    assertThat(deployment.getSpec().getSelector().getMatchLabels())
        .containsExactlyEntriesOf(Map.of("kubewsgi.dev/process-group", "shop"));
    assertThat(deployment.getSpec().getTemplate().getMetadata().getLabels())
        .containsAllEntriesOf(deployment.getSpec().getSelector().getMatchLabels())
        .containsEntry("app.kubernetes.io/managed-by", "kubewsgi-operator");
    assertThat(deployment.getSpec().getReplicas()).isEqualTo(3);
  }

  static Stream<Arguments> rolloutTriggers() {
    return Stream.of(
        Arguments.of(
            "an inline import script's content",
            (Consumer<WsgiProcessGroup>)
                g -> g.getSpec().getImportScripts().get(1).setSource("CACHE = {}\n")),
        Arguments.of(
            "a restart annotation",
            (Consumer<WsgiProcessGroup>)
                g -> g.getSpec().getPodAnnotations().put("kubewsgi.dev/restarted-at", "now")),
        Arguments.of(
            "an environment variable's value",
            (Consumer<WsgiProcessGroup>) g -> g.getSpec().getEnv().getFirst().setValue("false")));
  }

  /** The e2e pushes these three back to back and waits for one rollout; each alone rolls. */
  @ParameterizedTest(name = "{0}")
  @MethodSource("rolloutTriggers")
  void eachRolloutTriggerChangesThePodTemplate(String what, Consumer<WsgiProcessGroup> edit) {
    WsgiProcessGroup group = Fixtures.group("full");
    PodTemplateSpec before =
        RenderedObjects.render(group, RenderSettings.defaults(), Fixtures.scripts("full"))
            .deployment()
            .getSpec()
            .getTemplate();
    assertThat(render("full").getSpec().getTemplate())
        .as("rendering the same resource twice gives an equal template")
        .isEqualTo(before);
    edit.accept(group);
    PodTemplateSpec after =
        RenderedObjects.render(group, RenderSettings.defaults(), Fixtures.scripts("full"))
            .deployment()
            .getSpec()
            .getTemplate();
    assertThat(after).as(what).isNotEqualTo(before);
  }

  @Test
  void renderingLeavesTheResourceAlone() {
    WsgiProcessGroup group = Fixtures.group("full");
    String before = ObjectYaml.write(group);
    RenderedObjects.render(group, RenderSettings.defaults(), Fixtures.scripts("full"));
    assertThat(ObjectYaml.write(group)).isEqualTo(before);
  }
}
