package dev.kubewsgi.operator.render;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kubewsgi.api.WsgiProcessGroup;
import dev.kubewsgi.api.io.ResourceReader;
import dev.kubewsgi.api.spec.AuthSpec;
import dev.kubewsgi.api.spec.ImportScriptSpec;
import dev.kubewsgi.api.validation.SpecValidator;
import dev.kubewsgi.operator.Fixtures;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import java.util.List;
import org.junit.jupiter.api.Test;

class RuntimeConfigRendererTest {

  private static WsgiProcessGroup readBack(ConfigMap config) throws Exception {
    return new ResourceReader()
        .read(config.getData().get("processgroup.yaml"), "processgroup.yaml");
  }

  @Test
  void theRuntimeReadsTheRenderedDocumentAsAValidResource() throws Exception {
    WsgiProcessGroup group = Fixtures.group("full");
    ConfigMap config = RuntimeConfigRenderer.render(group, Fixtures.scripts("full"));
    WsgiProcessGroup document = readBack(config);
    assertThat(new SpecValidator().validate(document)).isEmpty();
    assertThat(document.getMetadata().getName()).isEqualTo("shop");
    assertThat(document.getMetadata().getUid()).isNull();
    assertThat(config.getData().get("processgroup.yaml"))
        .doesNotContain("status:")
        .doesNotContain("replicas:")
        .doesNotContain("uid:");
    assertThat(document.getSpec().getWorkers()).isEqualTo(2);
    assertThat(document.getSpec().getHome()).isEqualTo("/app");
    assertThat(document.getSpec().getApplications()).hasSize(2);
    assertThat(config.getData()).containsOnlyKeys("processgroup.yaml");
  }

  @Test
  void authHooksReachTheRuntimeDocument() throws Exception {
    WsgiProcessGroup group =
        new ResourceReader()
            .read(
                """
                apiVersion: kubewsgi.dev/v1alpha1
                kind: WsgiProcessGroup
                metadata: {name: intranet}
                spec:
                  applications:
                    - mount: /admin
                      script: /app/admin.wsgi
                      auth:
                        accessScript: {source: "def allow_access(environ, host): return True"}
                        authUserScript: {path: /app/auth.py, realm: Staff}
                        authGroupScript: {path: /app/auth.py}
                        requiredGroups: [staff]
                        passAuthorization: false
                """,
                "intranet.yaml");
    WsgiProcessGroup document = readBack(RuntimeConfigRenderer.render(group, ScriptSources.none()));
    assertThat(new SpecValidator().validate(document)).isEmpty();
    AuthSpec auth = document.getSpec().getApplications().getFirst().getAuth();
    assertThat(auth.getAccessScript().getSource()).contains("def allow_access");
    assertThat(auth.getAuthUserScript().getPath()).isEqualTo("/app/auth.py");
    assertThat(auth.getAuthUserScript().getRealm()).isEqualTo("Staff");
    assertThat(auth.getAuthUserScript().getProvider()).isEqualTo("basic");
    assertThat(auth.getAuthGroupScript().getPath()).isEqualTo("/app/auth.py");
    assertThat(auth.getRequiredGroups()).containsExactly("staff");
    assertThat(auth.getPassAuthorization()).isFalse();
  }

  @Test
  void configMapScriptsAreInlinedUnderTheirKeyName() throws Exception {
    List<ImportScriptSpec> scripts =
        readBack(RuntimeConfigRenderer.render(Fixtures.group("full"), Fixtures.scripts("full")))
            .getSpec()
            .getImportScripts();
    assertThat(scripts)
        .extracting(ImportScriptSpec::getPath)
        .containsExactly("/app/preload.py", null, null);
    assertThat(scripts.get(1).getSource()).contains("CACHE = json.loads");
    assertThat(scripts.get(2).getName()).isEqualTo("shop-scripts/settings.py");
    assertThat(scripts.get(2).getSource()).isEqualTo("DEBUG = False\n");
    assertThat(scripts.get(2).getConfigMapRef()).isNull();
  }

  @Test
  void aMissingConfigMapNamesTheField() {
    assertThatThrownBy(
            () ->
                RuntimeConfigRenderer.render(
                    Fixtures.group("missing-configmap"), ScriptSources.none()))
        .isInstanceOf(RenderException.class)
        .hasMessage(
            "spec.importScripts[0].configMapRef: ConfigMap \"nowhere\" not found in the process"
                + " group's namespace");
  }

  @Test
  void aMissingKeyNamesTheKey() {
    ConfigMap wrongKey =
        new ConfigMapBuilder()
            .withNewMetadata()
            .withName("nowhere")
            .endMetadata()
            .addToData("other.py", "x = 1")
            .build();
    assertThatThrownBy(
            () ->
                RuntimeConfigRenderer.render(
                    Fixtures.group("missing-configmap"), ScriptSources.of(List.of(wrongKey))))
        .hasMessage(
            "spec.importScripts[0].configMapRef: ConfigMap \"nowhere\" has no key \"boot.py\"");
  }

  @Test
  void anOptionalMissingScriptIsSkipped() throws Exception {
    WsgiProcessGroup group = Fixtures.group("missing-configmap");
    group.getSpec().getImportScripts().getFirst().getConfigMapRef().setOptional(true);
    assertThat(
            readBack(RuntimeConfigRenderer.render(group, ScriptSources.none()))
                .getSpec()
                .getImportScripts())
        .isEmpty();
  }

  @Test
  void renderingIsByteForByteStable() {
    WsgiProcessGroup group = Fixtures.group("full");
    assertThat(RuntimeConfigRenderer.render(group, Fixtures.scripts("full")))
        .isEqualTo(RuntimeConfigRenderer.render(Fixtures.group("full"), Fixtures.scripts("full")));
  }
}
