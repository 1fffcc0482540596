package dev.kubewsgi.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kubewsgi.api.ExitCode;
import dev.kubewsgi.runtime.config.RuntimeSettings;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The command line and environment of the pod contract; configuration errors exit 2 before any
 * interpreter.
 */
class MainTest {

  @Test
  void aMissingOrInvalidResourceExitsWithTheConfigurationCode() {
    assertThat(Main.run(new String[] {"run"})).isEqualTo(ExitCode.CONFIGURATION_INVALID);
    assertThat(Main.run(new String[] {"run", "/nonexistent/pg.yaml"}))
        .isEqualTo(ExitCode.CONFIGURATION_INVALID);
    assertThat(Main.run(new String[] {"run", "x.yaml", "--port", "http"}))
        .isEqualTo(ExitCode.CONFIGURATION_INVALID);
  }

  @Test
  void settingsComeFromTheCommandLineAndTheEnvironment() {
    RuntimeSettings settings =
        RuntimeSettings.parse(
            new String[] {"run", "pg.yaml", "--port", "9000", "--admin-port", "9001", "--check"},
            Map.of(
                "KUBEWSGI_CACHE_DIR", "/var/cache/kubewsgi",
                "KUBEWSGI_TERMINATION_LOG", "/tmp/term",
                "KUBEWSGI_SERVED_BY_HEADER", "true",
                "POD_NAME", "hello-abc"));
    assertThat(settings.resourceFile()).isEqualTo(Path.of("pg.yaml"));
    assertThat(settings.port()).isEqualTo(9000);
    assertThat(settings.adminPort()).isEqualTo(9001);
    assertThat(settings.check()).isTrue();
    assertThat(settings.cacheDir()).isEqualTo(Path.of("/var/cache/kubewsgi"));
    assertThat(settings.terminationLog()).isEqualTo(Path.of("/tmp/term"));
    assertThat(settings.servedByPodName()).isEqualTo("hello-abc");

    RuntimeSettings defaults = RuntimeSettings.parse(new String[] {"pg.yaml"}, Map.of());
    assertThat(defaults.port()).isEqualTo(8080);
    assertThat(defaults.adminPort()).isEqualTo(8081);
    assertThat(defaults.servedByPodName()).isNull();
  }

  @Test
  void unknownOptionsAreNamed() {
    assertThatThrownBy(
            () -> RuntimeSettings.parse(new String[] {"run", "pg.yaml", "--prot", "1"}, Map.of()))
        .hasMessageContaining("unexpected argument \"--prot\"");
  }
}
