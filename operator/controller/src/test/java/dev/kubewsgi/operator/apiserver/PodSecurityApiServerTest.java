package dev.kubewsgi.operator.apiserver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.awaitility.Awaitility.await;

import dev.kubewsgi.api.WsgiProcessGroup;
import dev.kubewsgi.operator.Fixtures;
import dev.kubewsgi.operator.render.RenderSettings;
import dev.kubewsgi.operator.render.RenderedObjects;
import dev.kubewsgi.operator.render.ResourceNames;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.scheduling.v1.PriorityClassBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The pods the operator renders, with the user's podTemplate (its own uid, fsGroup, volumes, init
 * container and sidecar) merged in, in a namespace that enforces the restricted Pod Security
 * Standard on the real API server (its PodSecurity admission plugin is on by default).
 */
class PodSecurityApiServerTest {

  private static final String NAMESPACE = "pss-restricted";
  private static final String PRIORITY_CLASS = "shop-critical"; // the fixture names it
  private static KubernetesClient client;

  @BeforeAll
  static void restrictedNamespace() {
    client = ControlPlane.get().newClient();
    client
        .namespaces()
        .resource(
            new NamespaceBuilder()
                .withNewMetadata()
                .withName(NAMESPACE)
                .addToLabels("pod-security.kubernetes.io/enforce", "restricted")
                .addToLabels("pod-security.kubernetes.io/enforce-version", "latest")
                .endMetadata()
                .build())
        .serverSideApply();
    client
        .resource(
            new PriorityClassBuilder()
                .withNewMetadata()
                .withName(PRIORITY_CLASS)
                .endMetadata()
                .withValue(1000)
                .build())
        .serverSideApply();
  }

  @AfterAll
  static void close() {
    client.namespaces().withName(NAMESPACE).delete();
    client.scheduling().v1().priorityClasses().withName(PRIORITY_CLASS).delete();
    client.close();
  }

  private static Deployment rendered() {
    WsgiProcessGroup group = Fixtures.group("pod-template");
    group.getMetadata().setNamespace(NAMESPACE);
    return RenderedObjects.render(group, RenderSettings.defaults(), Fixtures.scripts("hello"))
        .deployment();
  }

  private static Pod pod(String name, PodTemplateSpec template) {
    return new PodBuilder()
        .withMetadata(template.getMetadata())
        .editMetadata()
        .withName(name)
        .withNamespace(NAMESPACE)
        .endMetadata()
        .withSpec(template.getSpec())
        .build();
  }

  @Test
  void theRenderedPodWithTheUsersIdsAndContainersIsAdmitted() {
    PodTemplateSpec template = rendered().getSpec().getTemplate();
    assertThat(template.getSpec().getSecurityContext().getRunAsUser()).isEqualTo(2000L);
    assertThat(template.getSpec().getSecurityContext().getFsGroup()).isEqualTo(4000L);

    Pod created = client.resource(pod("direct", template)).create();

    assertThat(created.getSpec().getSecurityContext().getRunAsUser()).isEqualTo(2000L);
    assertThat(created.getSpec().getContainers())
        .extracting(Container::getName)
        .containsExactly(ResourceNames.RUNTIME_CONTAINER, "log-shipper");
  }

  @Test
  void theDeploymentsReplicaSetCreatesItsPods() {
    client.resource(rendered()).create();
    // The controller-manager creates the pods; PodSecurity would refuse them (FailedCreate).
    await()
        .atMost(Duration.ofSeconds(60))
        .until(
            () ->
                client
                    .pods()
                    .inNamespace(NAMESPACE)
                    .withLabel(ResourceNames.PROCESS_GROUP_LABEL, "shop")
                    .list()
                    .getItems()
                    .stream()
                    .filter(p -> !p.getMetadata().getOwnerReferences().isEmpty())
                    .count(),
            n -> n == 3);
  }

  @Test
  void thePolicyIsEnforcedHere() {
    // The control: a sidecar that asks for privilege is refused by this API server, so the
    // admissions above mean something (and the CRD refuses such a sidecar before rendering).
    PodTemplateSpec template = rendered().getSpec().getTemplate();
    List<Container> containers = new ArrayList<>(template.getSpec().getContainers());
    containers.add(
        new ContainerBuilder()
            .withName("privileged")
            .withImage("busybox")
            .withNewSecurityContext()
            .withPrivileged(true)
            .endSecurityContext()
            .build());
    template.getSpec().setContainers(containers);

    KubernetesClientException refused =
        catchThrowableOfType(
            KubernetesClientException.class,
            () -> client.resource(pod("privileged", template)).create());

    assertThat(refused).isNotNull();
    assertThat(refused.getMessage()).contains("violates PodSecurity \"restricted:latest\"");
  }
}
