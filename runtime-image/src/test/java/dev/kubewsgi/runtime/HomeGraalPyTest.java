package dev.kubewsgi.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.kubewsgi.runtime.config.ConfigException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code spec.home}, mod_wsgi's {@code home=}: the workers' working directory, for relative paths
 * in import scripts and applications, in every group; without it, the process's.
 */
class HomeGraalPyTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path home;

  private static String resource(String home) {
    return """
        apiVersion: kubewsgi.dev/v1alpha1
        kind: WsgiProcessGroup
        metadata: {name: home}
        spec:
          workers: 1
          %s
          applications:
            - {mount: /, script: cwd.py}
            - {mount: /other, script: cwd.py, applicationGroup: other}
          warmup: {untilSettled: false, requests: [{path: /, count: 3}, {path: /other, count: 3}]}
        """
        .formatted(home);
  }

  @Test
  void relativePathsStartAtHomeInEveryGroup() throws Exception {
    Files.writeString(home.resolve("marker.txt"), "in home");
    Path real = home.toRealPath();
    try (RuntimeHarness runtime =
        RuntimeHarness.start("home", resource("home: " + home.toAbsolutePath()))) {
      runtime.awaitBoot();
      for (String path : new String[] {"/", "/other"}) {
        JsonNode answer = JSON.readTree(runtime.get(path).body());
        assertThat(Path.of(answer.get("cwd").asText()).toRealPath()).isEqualTo(real);
        assertThat(answer.get("at_import").asText()).isEqualTo("in home");
        assertThat(answer.get("now").asText()).isEqualTo("in home");
        assertThat(Path.of(answer.get("abspath").asText()).toRealPath())
            .isEqualTo(real.resolve("marker.txt"));
      }
    }
  }

  @Test
  void aHomeThatIsNoDirectoryIsRefusedNamingTheField() {
    assertThatThrownBy(
            () -> RuntimeHarness.load("home", resource("home: " + home.resolve("missing"))))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("spec.home")
        .hasMessageContaining("no such directory");
  }
}
