package dev.kubewsgi.operator.apiserver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.kubewsgi.api.ExitCode;
import dev.kubewsgi.api.WsgiProcessGroup;
import dev.kubewsgi.operator.render.ResourceNames;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.javaoperatorsdk.operator.junit.LocallyRunOperatorExtension;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * What GitOps tools make of a WsgiProcessGroup's status, read back from the real API server:
 * kstatus itself (sigs.k8s.io/cli-utils, which Flux, cli-utils and kubectl-style tools use) says
 * Current when serving, InProgress while pods start, roll or cannot be placed (a node may come),
 * Failed when it needs a fix; the chart's Argo CD health check (Lua) says Healthy, Progressing,
 * Degraded.
 */
class GitOpsHealthApiServerTest {

  @RegisterExtension static final LocallyRunOperatorExtension operator = ProcessGroups.operator();

  private static final Path ARGOCD_SCRIPT =
      Path.of(
              System.getProperty("kubewsgi.repo.dir", "../.."),
              "helm/kubewsgi/files/argocd-health.lua")
          .toAbsolutePath();

  private static final BiConsumer<KubernetesClient, Pod> NOTHING = (client, pod) -> {};

  private static BiConsumer<KubernetesClient, Pod> pods(String state) {
    return switch (state) {
      case "starting" -> NOTHING;
      case "serving" -> FakeKubelet::ready;
      case "broken-script" ->
          (client, pod) ->
              FakeKubelet.bootFailed(
                  client,
                  pod,
                  ExitCode.IMPORT_SCRIPT_FAILED.code(),
                  "preload.py:1: NameError: name 'GREETNG' is not defined");
      case "unschedulable" ->
          (client, pod) ->
              FakeKubelet.unschedulable(
                  client, pod, "0/3 nodes are available: 3 Insufficient cpu.");
      default -> throw new IllegalArgumentException(state);
    };
  }

  @ParameterizedTest(name = "{0} -> {1}, {2}")
  @CsvSource({
    "starting, InProgress, Progressing",
    "serving, Current, Healthy",
    "broken-script, Failed, Degraded",
    "unschedulable, InProgress, Progressing"
  })
  void kstatusAndArgoCdReadTheStatusAsMeant(String state, String expected, String argoCd)
      throws IOException, InterruptedException {
    KubernetesClient client = operator.getKubernetesClient();
    operator.create(ProcessGroups.hello(state, 1));
    Pod pod =
        await()
            .atMost(Duration.ofSeconds(60))
            .until(() -> podsOf(client, state), p -> p.size() == 1)
            .getFirst();
    pods(state).accept(client, pod);

    awaitKstatus(state, expected);
    assertThat(argoCd(state)).isEqualTo(argoCd);
  }

  @Test
  void aRollingUpdateIsInProgressUntilTheNewPodsServe() throws IOException, InterruptedException {
    KubernetesClient client = operator.getKubernetesClient();
    operator.create(ProcessGroups.hello("rolling", 1));
    Pod first =
        await()
            .atMost(Duration.ofSeconds(60))
            .until(() -> podsOf(client, "rolling"), p -> p.size() == 1)
            .getFirst();
    FakeKubelet.ready(client, first);
    awaitKstatus("rolling", "Current");

    // A new environment variable: a new pod template, so the Deployment rolls.
    WsgiProcessGroup group = operator.get(WsgiProcessGroup.class, "rolling");
    group.getSpec().setEnv(List.of(new EnvVar("FEATURE", "on", null)));
    operator.replace(group);
    awaitKstatus("rolling", "InProgress");
    assertThat(argoCd("rolling")).isEqualTo("Progressing");

    Pod second =
        await()
            .atMost(Duration.ofSeconds(60))
            .until(
                () ->
                    podsOf(client, "rolling").stream()
                        .filter(
                            p -> !p.getMetadata().getName().equals(first.getMetadata().getName()))
                        .toList(),
                p -> p.size() == 1)
            .getFirst();
    // Once it is available, the Deployment controller scales the old ReplicaSet down.
    FakeKubelet.ready(client, second);
    awaitKstatus("rolling", "Current");
  }

  private static void awaitKstatus(String name, String expected) {
    await()
        .atMost(Duration.ofSeconds(60))
        .pollInterval(Duration.ofMillis(500))
        .untilAsserted(() -> assertThat(kstatus(name)).startsWith(expected + "\t"));
  }

  private static List<Pod> podsOf(KubernetesClient client, String group) {
    return client
        .pods()
        .inNamespace(operator.getNamespace())
        .withLabel(ResourceNames.PROCESS_GROUP_LABEL, group)
        .list()
        .getItems();
  }

  // The object as the API server holds it, through `kubewsgi-tools kstatus`: "STATUS\tMESSAGE".
  private static String kstatus(String name) throws IOException, InterruptedException {
    return tool(name, "kstatus");
  }

  // Argo CD's status for the object, the chart's script run as Argo CD runs it (gopher-lua).
  private static String argoCd(String name) throws IOException, InterruptedException {
    return tool(name, "argocd-health", ARGOCD_SCRIPT.toString()).split("\t")[0];
  }

  private static String tool(String name, String... args) throws IOException, InterruptedException {
    String json = Serialization.asJson(operator.get(WsgiProcessGroup.class, name));
    List<String> command = new ArrayList<>();
    command.add(ControlPlane.get().binDir().resolve("kubewsgi-tools").toString());
    command.addAll(List.of(args));
    Process tool = new ProcessBuilder(command).redirectErrorStream(true).start();
    try (OutputStream in = tool.getOutputStream()) {
      in.write(json.getBytes(StandardCharsets.UTF_8));
    }
    String out = new String(tool.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(tool.waitFor(30, TimeUnit.SECONDS)).isTrue();
    assertThat(tool.exitValue()).as(out).isZero();
    return out;
  }
}
