package dev.kubewsgi.operator;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.kubewsgi.api.WsgiProcessGroup;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * The committed CRD in crds/ is what the CRD generator makes of the API classes in this build, plus
 * the root object's description (which the generator does not write): this test writes that file to
 * target/ and compares.
 */
class CrdStalenessTest {

  static final String FILE = "wsgiprocessgroups.kubewsgi.dev-v1.yml";
  static final String REFRESH =
      "./mvnw -pl operator/controller -am test -Dtest=CrdStalenessTest"
          + " -Dsurefire.failIfNoSpecifiedTests=false; cp operator/controller/target/"
          + FILE
          + " crds/ && helm/sync-crds.sh";
  private static final String SCHEMA_LINE = "      openAPIV3Schema:\n";

  @Test
  void committedCrdIsFresh() throws Exception {
    Path generated = Path.of("target/classes/META-INF/fabric8", FILE);
    Path committed = Path.of(System.getProperty("kubewsgi.crd.file", "../../crds/" + FILE));
    assertThat(generated).as("the CRD generator's output (runs in process-classes)").exists();
    String text = Files.readString(generated);
    assertThat(text).as("one root schema").containsOnlyOnce(SCHEMA_LINE);
    // A JSON string is a YAML double-quoted scalar.
    String expected =
        text.replace(
            SCHEMA_LINE,
            SCHEMA_LINE
                + "        description: "
                + new ObjectMapper().writeValueAsString(WsgiProcessGroup.DESCRIPTION)
                + "\n");
    Files.writeString(Path.of("target", FILE), expected);
    assertThat(Files.readString(committed))
        .as("crds/%s is stale; refresh it with:%n  %s%n", FILE, REFRESH)
        .isEqualTo(expected);
  }
}
