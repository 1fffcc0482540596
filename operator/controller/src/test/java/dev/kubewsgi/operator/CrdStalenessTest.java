package dev.kubewsgi.operator;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The committed CRD in crds/ is what the CRD generator makes of the API classes in this build. */
class CrdStalenessTest {

  static final String FILE = "wsgiprocessgroups.kubewsgi.dev-v1.yml";
  static final String REFRESH =
      "./mvnw -pl operator/controller -am process-classes && cp"
          + " operator/controller/target/classes/META-INF/fabric8/"
          + FILE
          + " crds/";

  @Test
  void committedCrdIsFresh() throws Exception {
    Path generated = Path.of("target/classes/META-INF/fabric8", FILE);
    Path committed = Path.of(System.getProperty("kubewsgi.crd.file", "../../crds/" + FILE));
    assertThat(generated).as("the CRD generator's output (runs in process-classes)").exists();
    assertThat(Files.readString(committed))
        .as("crds/%s is stale; refresh it with:%n  %s%n", FILE, REFRESH)
        .isEqualTo(Files.readString(generated));
  }
}
