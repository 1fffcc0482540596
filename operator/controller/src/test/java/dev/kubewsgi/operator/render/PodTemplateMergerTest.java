package dev.kubewsgi.operator.render;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kubewsgi.api.WsgiProcessGroup;
import dev.kubewsgi.api.spec.PodMetadataSpec;
import dev.kubewsgi.api.spec.PodTemplate;
import dev.kubewsgi.operator.Fixtures;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.EnvFromSource;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.SecurityContext;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeBuilder;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.VolumeMountBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** spec.podTemplate merged under what the operator renders, which it never replaces. */
class PodTemplateMergerTest {

  private static Deployment render(WsgiProcessGroup group) {
    return RenderedObjects.render(group, RenderSettings.defaults(), Fixtures.scripts("hello"))
        .deployment();
  }

  private static PodSpec pod(WsgiProcessGroup group) {
    return render(group).getSpec().getTemplate().getSpec();
  }

  private static Container container(PodSpec pod, String name) {
    return Stream.concat(pod.getInitContainers().stream(), pod.getContainers().stream())
        .filter(c -> c.getName().equals(name))
        .findFirst()
        .orElseThrow();
  }

  @Test
  void theUsersAdditionsComeBesideTheOperatorsOwn() {
    WsgiProcessGroup group = Fixtures.group("pod-template");
    Deployment deployment = render(group);
    PodSpec pod = deployment.getSpec().getTemplate().getSpec();

    assertThat(pod.getVolumes())
        .extracting(Volume::getName)
        .containsExactly("config", "cache", "tmp", "media", "code");
    assertThat(pod.getInitContainers())
        .extracting(Container::getName)
        .containsExactly("fetch-code");
    assertThat(pod.getContainers())
        .extracting(Container::getName)
        .containsExactly(ResourceNames.RUNTIME_CONTAINER, "log-shipper");
    Container c = container(pod, ResourceNames.RUNTIME_CONTAINER);
    assertThat(c.getVolumeMounts())
        .extracting(VolumeMount::getMountPath)
        .containsExactly("/etc/kubewsgi", "/var/cache/kubewsgi", "/tmp", "/srv/media", "/app");
    assertThat(c.getEnvFrom())
        .extracting(e -> e.getSecretRef() != null ? e.getSecretRef().getName() : null)
        .containsExactly("shop-db", null);
    assertThat(c.getEnvFrom().get(1).getConfigMapRef().getName()).isEqualTo("shop-settings");
    assertThat(pod.getPriorityClassName()).isEqualTo("shop-critical");
    assertThat(pod.getTopologySpreadConstraints().getFirst().getLabelSelector().getMatchLabels())
        .as("a constraint without a selector counts this group's pods")
        .isEqualTo(ResourceNames.selectorLabels(group));

    var metadata = deployment.getSpec().getTemplate().getMetadata();
    assertThat(metadata.getLabels())
        .containsEntry("cost-centre", "4711")
        .containsEntry("app.kubernetes.io/part-of", "shop")
        .containsAllEntriesOf(ResourceNames.labels(group));
    assertThat(metadata.getAnnotations())
        .containsEntry("team", "checkout")
        .containsEntry("sidecar.example.com/inject", "false")
        .containsKey(ResourceNames.CONFIG_HASH_ANNOTATION);
  }

  @Test
  void probesPortsAndTheRuntimeCommandStayTheOperators() {
    Container plain = container(pod(Fixtures.group("hello")), ResourceNames.RUNTIME_CONTAINER);
    Container merged =
        container(pod(Fixtures.group("pod-template")), ResourceNames.RUNTIME_CONTAINER);
    assertThat(merged.getStartupProbe()).isEqualTo(plain.getStartupProbe());
    assertThat(merged.getReadinessProbe()).isEqualTo(plain.getReadinessProbe());
    assertThat(merged.getLivenessProbe()).isEqualTo(plain.getLivenessProbe());
    assertThat(merged.getPorts()).isEqualTo(plain.getPorts());
    assertThat(merged.getArgs()).isEqualTo(plain.getArgs());
    assertThat(merged.getSecurityContext()).isEqualTo(plain.getSecurityContext());
  }

  @Test
  void idsAreTheUsersButThePodStaysRestricted() {
    var security = pod(Fixtures.group("pod-template")).getSecurityContext();
    assertThat(security.getRunAsUser()).isEqualTo(2000L);
    assertThat(security.getRunAsGroup()).isEqualTo(3000L);
    assertThat(security.getFsGroup()).isEqualTo(4000L);
    assertThat(security.getRunAsNonRoot()).isTrue();
    assertThat(security.getSeccompProfile().getType()).isEqualTo("RuntimeDefault");

    var defaults = pod(Fixtures.group("hello")).getSecurityContext();
    assertThat(List.of(defaults.getRunAsUser(), defaults.getRunAsGroup(), defaults.getFsGroup()))
        .containsOnly(DeploymentRenderer.RUN_AS_USER);
  }

  @Test
  void theUsersContainersGetTheRestrictedDefaultsTheyLeaveUnset() {
    PodSpec pod = pod(Fixtures.group("pod-template"));
    for (String name : List.of("fetch-code", "log-shipper")) {
      SecurityContext sc = container(pod, name).getSecurityContext();
      assertThat(sc.getRunAsNonRoot()).as(name).isTrue();
      assertThat(sc.getAllowPrivilegeEscalation()).as(name).isFalse();
      assertThat(sc.getCapabilities().getDrop()).as(name).containsExactly("ALL");
      assertThat(sc.getSeccompProfile().getType()).as(name).isEqualTo("RuntimeDefault");
    }
    assertThat(container(pod, "log-shipper").getSecurityContext().getReadOnlyRootFilesystem())
        .as("what the user set is kept")
        .isTrue();
  }

  @Test
  void renderingLeavesTheUsersObjectsAlone() {
    WsgiProcessGroup group = Fixtures.group("pod-template");
    String before = ObjectYaml.write(group);
    render(group);
    assertThat(ObjectYaml.write(group)).isEqualTo(before);
  }

  @Test
  void everyNameThePodTemplateReservesIsOneTheOperatorUses() {
    Deployment deployment = render(Fixtures.group("hello"));
    PodSpec pod = deployment.getSpec().getTemplate().getSpec();
    assertThat(pod.getVolumes())
        .extracting(Volume::getName)
        .containsExactlyInAnyOrderElementsOf(PodTemplate.OWN_VOLUMES);
    assertThat(container(pod, ResourceNames.RUNTIME_CONTAINER).getVolumeMounts())
        .extracting(VolumeMount::getMountPath)
        .containsExactlyInAnyOrderElementsOf(PodTemplate.OWN_MOUNT_PATHS);
    assertThat(Stream.concat(pod.getInitContainers().stream(), pod.getContainers().stream()))
        .extracting(Container::getName)
        .containsExactlyInAnyOrderElementsOf(PodTemplate.OWN_CONTAINERS);
    assertThat(container(pod, ResourceNames.RUNTIME_CONTAINER).getPorts())
        .extracting(p -> p.getContainerPort())
        .containsExactlyInAnyOrderElementsOf(PodTemplate.OWN_PORTS);
    assertThat(deployment.getSpec().getTemplate().getMetadata().getLabels().keySet())
        .allSatisfy(
            key ->
                assertThat(
                        key.startsWith(PodMetadataSpec.OWN_PREFIX)
                            || PodMetadataSpec.OWN_LABELS.contains(key))
                    .as(key)
                    .isTrue());
  }

  @Test
  void aClashThatGotPastTheCrdIsRefusedNamingTheField() {
    assertRefused(
        t -> t.setVolumes(List.of(new VolumeBuilder().withName("tmp").build())),
        "spec.podTemplate.volumes[0].name");
    assertRefused(
        t ->
            t.setContainers(
                List.of(new ContainerBuilder().withName("runtime").withImage("x").build())),
        "spec.podTemplate.containers[0].name");
    assertRefused(
        t ->
            t.setContainers(
                List.of(
                    new ContainerBuilder()
                        .withName("proxy")
                        .withImage("envoy")
                        .addNewPort()
                        .withContainerPort(8080)
                        .endPort()
                        .build())),
        "spec.podTemplate.containers[0].ports[0]");
    assertRefused(
        t ->
            t.setVolumeMounts(
                List.of(new VolumeMountBuilder().withName("ghost").withMountPath("/x").build())),
        "spec.podTemplate.volumeMounts[0].name");
    assertRefused(
        t -> {
          t.setInitContainers(
              List.of(new ContainerBuilder().withName("fetch").withImage("x").build()));
          t.setContainers(List.of(new ContainerBuilder().withName("fetch").withImage("x").build()));
        },
        "spec.podTemplate.containers[0].name");
    assertRefused(
        t -> {
          PodMetadataSpec metadata = new PodMetadataSpec();
          metadata.setLabels(Map.of(ResourceNames.PROCESS_GROUP_LABEL, "other"));
          t.setMetadata(metadata);
        },
        "spec.podTemplate.metadata.labels");
  }

  @Test
  void envFromNeverHidesTheOperatorsEnv() {
    Container runtime =
        container(pod(Fixtures.group("pod-template")), ResourceNames.RUNTIME_CONTAINER);
    // Kubernetes lets env win over envFrom, so POD_NAME and the cache dir stay the operator's.
    assertThat(runtime.getEnv()).extracting(e -> e.getName()).contains("KUBEWSGI_CACHE_DIR");
    assertThat(runtime.getEnvFrom()).extracting(EnvFromSource::getPrefix).containsOnlyNulls();
  }

  private static void assertRefused(Consumer<PodTemplate> edit, String field) {
    WsgiProcessGroup group = Fixtures.group("hello");
    PodTemplate template = new PodTemplate();
    edit.accept(template);
    group.getSpec().setPodTemplate(template);
    assertThatThrownBy(() -> render(group))
        .isInstanceOf(RenderException.class)
        .satisfies(e -> assertThat(((RenderException) e).field()).isEqualTo(field));
  }
}
