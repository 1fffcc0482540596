package dev.kubewsgi.operator.render;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kubewsgi.api.WsgiProcessGroup;
import dev.kubewsgi.api.spec.AuthSpec;
import dev.kubewsgi.api.spec.AuthUserScriptSpec;
import dev.kubewsgi.operator.Fixtures;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class ConfigHashTest {

  private static final ScriptSources SCRIPTS = Fixtures.scripts("full");

  private static String podHash(WsgiProcessGroup group, ScriptSources scripts) {
    return RenderedObjects.render(group, RenderSettings.defaults(), scripts)
        .deployment()
        .getSpec()
        .getTemplate()
        .getMetadata()
        .getAnnotations()
        .get(ResourceNames.CONFIG_HASH_ANNOTATION);
  }

  static Stream<Arguments> changes() {
    return Stream.of(
        change(
            "inline script source",
            true,
            g -> g.getSpec().getImportScripts().get(1).setSource("CACHE = {}\n")),
        change(
            "import script path",
            true,
            g -> g.getSpec().getImportScripts().getFirst().setPath("/app/other.py")),
        change(
            "application mount", true, g -> g.getSpec().getApplications().get(1).setMount("/v2")),
        change("auth hook source", true, g -> authSource(g, "def check_password(e, u, p): pass")),
        change("workers", true, g -> g.getSpec().setWorkers(3)),
        change(
            "lifecycle timeout", true, g -> g.getSpec().getLifecycle().setRequestTimeoutSeconds(5)),
        change("replicas (scaling never restarts pods)", false, g -> g.getSpec().setReplicas(7)),
        change(
            "pod annotations (in the document; they change the template anyway)",
            true,
            g -> g.getSpec().getPodAnnotations().put("team", "web")),
        change("resource status", false, g -> g.getStatus().setReadyReplicas(2)),
        change("nothing", false, g -> {}));
  }

  private static void authSource(WsgiProcessGroup group, String source) {
    AuthUserScriptSpec user = new AuthUserScriptSpec();
    user.setRealm("r");
    user.setSource(source);
    AuthSpec auth = new AuthSpec();
    auth.setAuthUserScript(user);
    group.getSpec().getApplications().getFirst().setAuth(auth);
  }

  private static Arguments change(String what, boolean rolls, Consumer<WsgiProcessGroup> edit) {
    return Arguments.of(what, rolls, edit);
  }

  @ParameterizedTest(name = "{0}: changes hash = {1}")
  @MethodSource("changes")
  void hashFollowsWhatTheRuntimeReads(String what, boolean rolls, Consumer<WsgiProcessGroup> edit) {
    WsgiProcessGroup group = Fixtures.group("full");
    String before = podHash(group, SCRIPTS);
    edit.accept(group);
    assertThat(podHash(group, SCRIPTS).equals(before)).isEqualTo(!rolls);
  }

  @ParameterizedTest(name = "ConfigMap script {0}: changes hash = {1}")
  @MethodSource("configMapEdits")
  void hashFollowsConfigMapScripts(String what, boolean rolls, String content, String otherKey) {
    WsgiProcessGroup group = Fixtures.group("full");
    ConfigMap edited =
        new ConfigMapBuilder()
            .withNewMetadata()
            .withName("shop-scripts")
            .endMetadata()
            .addToData("settings.py", content)
            .addToData(otherKey, "unused = 1\n")
            .build();
    assertThat(podHash(group, ScriptSources.of(List.of(edited))).equals(podHash(group, SCRIPTS)))
        .isEqualTo(!rolls);
  }

  static Stream<Arguments> configMapEdits() {
    return Stream.of(
        Arguments.of("content edited", true, "DEBUG = True\n", "other.py"),
        Arguments.of("another key added", false, "DEBUG = False\n", "other.py"));
  }
}
