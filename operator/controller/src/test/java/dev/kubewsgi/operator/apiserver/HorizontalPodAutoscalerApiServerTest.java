package dev.kubewsgi.operator.apiserver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.kubewsgi.api.WsgiProcessGroup;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscalerCondition;
import io.javaoperatorsdk.operator.junit.LocallyRunOperatorExtension;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.awaitility.core.ConditionFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code examples/flask/hpa.yaml} on the real API server and kube-controller-manager: admitted, and
 * the HPA controller scales a WsgiProcessGroup through its scale subresource. There is no metrics
 * API here, so it scales to {@code minReplicas} (which needs no metrics) and then reports that it
 * cannot read CPU, past the selector check a group without {@code status.selector} fails.
 */
class HorizontalPodAutoscalerApiServerTest {

  @RegisterExtension static final LocallyRunOperatorExtension operator = ProcessGroups.operator();

  /** The HPA controller syncs every 15 s. */
  private static ConditionFactory eventually() {
    return await()
        .atMost(Duration.ofSeconds(90))
        .pollInterval(Duration.ofMillis(500))
        .ignoreExceptions();
  }

  private static HorizontalPodAutoscaler example(String target) throws IOException {
    Path file =
        Path.of(System.getProperty("kubewsgi.repo.dir", "../.."), "examples/flask/hpa.yaml");
    try (InputStream in = Files.newInputStream(file)) {
      HorizontalPodAutoscaler hpa =
          operator
              .getKubernetesClient()
              .autoscaling()
              .v2()
              .horizontalPodAutoscalers()
              .load(in)
              .item();
      hpa.getMetadata().setName(target);
      hpa.getSpec().getScaleTargetRef().setName(target);
      return hpa;
    }
  }

  @Test
  void theExampleScalesAGroupThroughItsScaleSubresource() throws IOException {
    operator.create(ProcessGroups.hello("autoscaled", 1));
    HorizontalPodAutoscaler hpa = operator.create(example("autoscaled"));
    assertThat(hpa.getSpec().getMinReplicas()).isEqualTo(2);

    // minReplicas 2 against spec.replicas 1: the HPA controller writes the group's /scale.
    eventually()
        .untilAsserted(
            () -> {
              assertThat(operator.get(WsgiProcessGroup.class, "autoscaled").getSpec().getReplicas())
                  .isEqualTo(2);
              assertThat(operator.get(Deployment.class, "autoscaled").getSpec().getReplicas())
                  .isEqualTo(2);
            });
    eventually()
        .untilAsserted(
            () -> {
              List<HorizontalPodAutoscalerCondition> conditions =
                  operator
                      .get(HorizontalPodAutoscaler.class, "autoscaled")
                      .getStatus()
                      .getConditions();
              assertThat(conditions)
                  .anySatisfy(
                      c -> {
                        assertThat(c.getType()).isEqualTo("AbleToScale");
                        assertThat(c.getStatus()).isEqualTo("True");
                      })
                  .anySatisfy(
                      c -> {
                        // Past the selector (InvalidSelector without status.selector); only the
                        // missing metrics API stops it.
                        assertThat(c.getType()).isEqualTo("ScalingActive");
                        assertThat(c.getReason()).isEqualTo("FailedGetResourceMetric");
                      });
            });
  }
}
