package dev.kubewsgi.operator.status;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.kubewsgi.api.WsgiProcessGroup;
import dev.kubewsgi.api.WsgiProcessGroupStatus;
import dev.kubewsgi.api.spec.WarmupSpec;
import dev.kubewsgi.operator.Fixtures;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.luaj.vm2.Globals;
import org.luaj.vm2.LuaTable;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.lib.jse.JsePlatform;

/**
 * The chart's Argo CD health check (helm/kubewsgi/files/argocd-health.lua), run by a Lua
 * interpreter on resources whose status the aggregator built, as Argo CD hands it the object: a
 * table converted from the JSON.
 */
class ArgoCdHealthCheckTest {

  private static final Path SCRIPT =
      Path.of(
          System.getProperty(
              "kubewsgi.argocd.health", "../../helm/kubewsgi/files/argocd-health.lua"));
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Instant T0 = Instant.parse("2026-12-05T12:00:00Z");

  /** The resource "full" (generation 3) with a 3-replica Deployment in the given state. */
  private static WsgiProcessGroup with(
      int updated, int ready, int available, Optional<PodFailure> failure, boolean warmup) {
    WsgiProcessGroup group = Fixtures.group("full");
    if (!warmup) {
      group.getSpec().setWarmup(new WarmupSpec());
      group.getSpec().getWarmup().setEnabled(false);
    }
    Deployment deployment = StatusAggregatorTest.deployment(2, 3, updated, ready, available, null);
    WsgiProcessGroupStatus status =
        StatusAggregator.aggregate(group, DeploymentObserver.observe(deployment), failure, T0);
    group.setStatus(status);
    return group;
  }

  /** Runs the script on {@code group}: Argo CD's {status, message}. */
  private static Map<String, String> health(WsgiProcessGroup group) throws Exception {
    Globals lua = JsePlatform.standardGlobals();
    lua.set("obj", table(JSON.valueToTree(group)));
    LuaValue hs = lua.load(Files.readString(SCRIPT), "argocd-health.lua").call();
    return Map.of("status", hs.get("status").tojstring(), "message", hs.get("message").tojstring());
  }

  private static LuaValue table(JsonNode node) {
    if (node.isObject()) {
      LuaTable t = new LuaTable();
      for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> e = it.next();
        if (!e.getValue().isNull()) {
          t.set(e.getKey(), table(e.getValue()));
        }
      }
      return t;
    }
    if (node.isArray()) {
      LuaTable t = new LuaTable();
      for (int i = 0; i < node.size(); i++) {
        t.set(i + 1, table(node.get(i)));
      }
      return t;
    }
    if (node.isBoolean()) {
      return LuaValue.valueOf(node.asBoolean());
    }
    if (node.isNumber()) {
      return LuaValue.valueOf(node.asDouble());
    }
    return LuaValue.valueOf(node.asText());
  }

  @Test
  void aServingGroupIsHealthy() throws Exception {
    assertThat(health(with(3, 3, 3, Optional.empty(), true)))
        .containsEntry("status", "Healthy")
        .containsEntry("message", "AllReplicasReady: 3 of 3 replicas ready");
    assertThat(health(with(3, 3, 3, Optional.empty(), false)).get("message"))
        .startsWith("ReadyWithoutWarmup: 3 of 3 replicas ready, without warm-up");
  }

  @Test
  void aRollingGroupIsProgressing() throws Exception {
    assertThat(health(with(1, 3, 3, Optional.empty(), true)))
        .containsEntry("status", "Progressing")
        .containsEntry("message", "RolloutInProgress: 1 of 3 replicas updated, 3 available, 2 old");
  }

  @Test
  void aBrokenImportScriptIsDegradedNamingScriptAndLine() throws Exception {
    Optional<PodFailure> failure =
        PodFailureInspector.inspect(List.of(Fixtures.pod("import-script-failed")));
    Map<String, String> health = health(with(1, 3, 3, failure, true));
    assertThat(health).containsEntry("status", "Degraded");
    assertThat(health.get("message"))
        .startsWith("ImportScriptFailed: ")
        .contains("warm-caches")
        .contains("line 2");
  }

  @Test
  void anUnschedulablePodIsProgressingAndSaysWhy() throws Exception {
    Map<String, String> health =
        health(
            with(
                1,
                3,
                3,
                Optional.of(new PodFailure("Unschedulable", "0/1 nodes are available")),
                true));
    assertThat(health)
        .containsEntry("status", "Progressing")
        .containsEntry("message", "Unschedulable: 0/1 nodes are available");
  }

  @Test
  void aGenerationTheOperatorHasNotSeenIsProgressing() throws Exception {
    WsgiProcessGroup group = with(3, 3, 3, Optional.empty(), true);
    group.getMetadata().setGeneration(4L);
    assertThat(health(group))
        .containsEntry("status", "Progressing")
        .containsEntry("message", "Waiting for the operator to observe generation 4");
    group.setStatus(null);
    assertThat(health(group)).containsEntry("status", "Progressing");
  }

  @Test
  void aReconcileFailureIsDegraded() throws Exception {
    WsgiProcessGroup group = with(3, 3, 3, Optional.empty(), true);
    group.setStatus(
        StatusAggregator.failed(group, "spec.importScripts[2].configMapRef: not found", T0));
    assertThat(health(group))
        .containsEntry("status", "Degraded")
        .containsEntry("message", "ReconcileFailed: spec.importScripts[2].configMapRef: not found");
  }
}
