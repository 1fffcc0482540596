package dev.kubewsgi.api.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.kubewsgi.api.WsgiProcessGroup;
import org.junit.jupiter.api.Test;

/** YAML problems come back with file, line, column and the field they concern. */
class ResourceReaderTest {

  private static final String HEAD = "apiVersion: kubewsgi.dev/v1alpha1\nkind: WsgiProcessGroup\n";

  private static ResourceReadException failure(String yaml) {
    return catchThrowableOfType(
        ResourceReadException.class, () -> new ResourceReader().read(yaml, "pg.yaml"));
  }

  @Test
  void readsAResourceAndKeepsDefaultsForOmittedFields() throws Exception {
    WsgiProcessGroup resource =
        new ResourceReader()
            .read(
                """
                apiVersion: kubewsgi.dev/v1alpha1
                kind: WsgiProcessGroup
                metadata: {name: hello}
                spec:
                  applications: [{mount: /, script: app.py}]
                """,
                "pg.yaml");
    assertThat(resource.getMetadata().getName()).isEqualTo("hello");
    assertThat(resource.getSpec().getWorkers()).isEqualTo(1);
    assertThat(resource.getSpec().getApplications().get(0).getCallable()).isEqualTo("application");
  }

  @Test
  void syntaxErrorHasLineAndColumn() {
    ResourceReadException e = failure("kind: WsgiProcessGroup\nspec:\n  workers: [1,\n");
    assertThat(e.source()).isEqualTo("pg.yaml");
    assertThat(e.line()).isPositive();
    assertThat(e.column()).isPositive();
    assertThat(e.getMessage()).startsWith("pg.yaml:" + e.line() + ":" + e.column() + ": ");
  }

  @Test
  void wrongTypeNamesTheFieldAndLine() {
    ResourceReadException e = failure(HEAD + "spec:\n  applications: []\n  workers: lots\n");
    assertThat(e.field()).isEqualTo("spec.workers");
    assertThat(e.line()).isEqualTo(5);
    assertThat(e.problem()).contains("\"lots\"").contains("a number");
  }

  @Test
  void unknownFieldIsNamedWithItsPath() {
    ResourceReadException e =
        failure(
            HEAD + "spec:\n  applications:\n    - mount: /\n      script: a.py\n      group: x\n");
    assertThat(e.field()).isEqualTo("spec.applications[0].group");
    assertThat(e.problem()).isEqualTo("unknown field \"group\"");
    assertThat(e.line()).isEqualTo(7);
  }

  @Test
  void emptyFileIsRefused() {
    assertThat(failure("").problem()).contains("no YAML document");
    assertThat(failure("# only a comment\n").problem()).contains("no YAML document");
  }

  @Test
  void wrongApiVersionOrKindIsNamed() {
    ResourceReadException e = failure("apiVersion: v1\nkind: ConfigMap\nspec: {}\n");
    assertThat(e.field()).isEqualTo("apiVersion");
    assertThat(e.problem()).isEqualTo("must be kubewsgi.dev/v1alpha1, not \"v1\"");
    assertThat(failure("apiVersion: kubewsgi.dev/v1alpha1\nspec: {}\n").field()).isEqualTo("kind");
  }
}
