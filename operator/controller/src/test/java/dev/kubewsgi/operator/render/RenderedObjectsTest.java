package dev.kubewsgi.operator.render;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kubewsgi.api.WsgiProcessGroup;
import dev.kubewsgi.operator.Fixtures;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.IntOrString;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RenderedObjectsTest {

  private static RenderedObjects render(WsgiProcessGroup group) {
    return RenderedObjects.render(group, RenderSettings.defaults(), Fixtures.scripts("full"));
  }

  @ParameterizedTest(name = "replicas {0}: PodDisruptionBudget {1}")
  @CsvSource({"0, false", "1, false", "2, true", "3, true"})
  void budgetOnlyForMoreThanOneReplica(int replicas, boolean wanted) {
    WsgiProcessGroup group = Fixtures.group("full");
    group.getSpec().setReplicas(replicas);
    RenderedObjects objects = render(group);
    assertThat(objects.podDisruptionBudget().isPresent()).isEqualTo(wanted);
    assertThat(objects.all()).hasSize(wanted ? 4 : 3);
    objects
        .podDisruptionBudget()
        .ifPresent(
            pdb -> {
              assertThat(pdb.getSpec().getMaxUnavailable()).isEqualTo(new IntOrString(1));
              assertThat(pdb.getSpec().getSelector().getMatchLabels())
                  .isEqualTo(objects.deployment().getSpec().getSelector().getMatchLabels());
            });
  }

  @Test
  void namesAndLabels() {
    RenderedObjects objects = render(Fixtures.group("full"));
    assertThat(objects.all())
        .extracting(
            o ->
                o.getKind()
                    + "/"
                    + o.getMetadata().getNamespace()
                    + "/"
                    + o.getMetadata().getName())
        .containsExactly(
            "ConfigMap/shop/shop-runtime",
            "Deployment/shop/shop",
            "Service/shop/shop",
            "PodDisruptionBudget/shop/shop");
    for (HasMetadata object : objects.all()) {
      assertThat(object.getMetadata().getLabels())
          .containsEntry("app.kubernetes.io/managed-by", "kubewsgi-operator")
          .containsEntry("app.kubernetes.io/instance", "shop")
          .containsEntry("kubewsgi.dev/process-group", "shop");
    }
  }

  @Test
  void everyObjectIsOwnedByTheGroup() {
    for (HasMetadata object : render(Fixtures.group("full")).all()) {
      assertThat(object.getMetadata().getOwnerReferences())
          .singleElement()
          .satisfies(
              owner -> {
                assertThat(owner.getApiVersion()).isEqualTo("kubewsgi.dev/v1alpha1");
                assertThat(owner.getKind()).isEqualTo("WsgiProcessGroup");
                assertThat(owner.getName()).isEqualTo("shop");
                assertThat(owner.getUid()).isEqualTo("6a0f3c2e-1d2b-4c5d-9e8f-0a1b2c3d4e5f");
                assertThat(owner.getController()).isTrue();
              });
    }
  }

  @Test
  void aGroupReadFromAFileHasNoOwnerYet() {
    WsgiProcessGroup group = Fixtures.group("hello");
    for (HasMetadata object :
        RenderedObjects.render(group, RenderSettings.defaults(), ScriptSources.none()).all()) {
      assertThat(object.getMetadata().getOwnerReferences()).isEmpty();
    }
  }

  @Test
  void serviceExposesOnlyHttp() {
    var service = render(Fixtures.group("full")).service();
    assertThat(service.getSpec().getPorts())
        .singleElement()
        .satisfies(
            port -> {
              assertThat(port.getPort()).isEqualTo(8080);
              assertThat(port.getTargetPort()).isEqualTo(new IntOrString("http"));
            });
    assertThat(service.getSpec().getSelector())
        .containsExactlyEntriesOf(Map.of("kubewsgi.dev/process-group", "shop"));
  }
}
