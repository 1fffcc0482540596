package dev.kubewsgi.operator.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class OperatorSettingsTest {

  @Test
  void defaults() {
    OperatorSettings settings = OperatorSettings.parse(new String[0], Map.of());
    assertThat(settings.watchedNamespaces()).isEmpty();
    assertThat(settings.renderSettings().defaultImage()).isEqualTo("kubewsgi/runtime:0.1.0");
    assertThat(settings.renderSettings().imagePullPolicy()).isEqualTo("IfNotPresent");
    assertThat(settings.leaderElection()).isFalse();
    assertThat(settings.metricsPort()).isEqualTo(8080);
    assertThat(settings.healthPort()).isEqualTo(8081);
  }

  @Test
  void flagsOverrideTheEnvironment() {
    OperatorSettings settings =
        OperatorSettings.parse(
            new String[] {"--namespaces", "b, a", "--leader-election=true", "--health-port", "0"},
            Map.of(
                "KUBEWSGI_WATCH_NAMESPACES",
                "env-ns",
                "KUBEWSGI_LEADER_ELECTION",
                "false",
                "KUBEWSGI_RUNTIME_IMAGE",
                "local/runtime:dev"));
    assertThat(settings.watchedNamespaces()).containsExactly("a", "b");
    assertThat(settings.leaderElection()).isTrue();
    assertThat(settings.healthPort()).isZero();
    assertThat(settings.renderSettings().defaultImage()).isEqualTo("local/runtime:dev");
  }

  @ParameterizedTest(name = "{0}={1}")
  @CsvSource(
      delimiter = '|',
      value = {
        "KUBEWSGI_METRICS_PORT | http | KUBEWSGI_METRICS_PORT / --metrics-port \"http\" is not a number",
        "KUBEWSGI_HEALTH_PORT | 70000 | KUBEWSGI_HEALTH_PORT / --health-port is 70000, must be between -1 and 65535",
        "KUBEWSGI_LEADER_ELECTION | yes | KUBEWSGI_LEADER_ELECTION / --leader-election must be true or false",
        "KUBEWSGI_RUNTIME_IMAGE_PULL_POLICY | Sometimes | KUBEWSGI_RUNTIME_IMAGE_PULL_POLICY / --runtime-image-pull-policy must be Always, IfNotPresent or Never",
      })
  void badValuesNameTheSetting(String env, String value, String message) {
    assertThatThrownBy(() -> OperatorSettings.parse(new String[0], Map.of(env, value)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(message);
  }

  @Test
  void unknownFlagsAreRefused() {
    assertThatThrownBy(() -> OperatorSettings.parse(new String[] {"--nmespaces", "a"}, Map.of()))
        .hasMessageStartingWith("unknown option --nmespaces");
    assertThatThrownBy(() -> OperatorSettings.parse(new String[] {"--namespaces"}, Map.of()))
        .hasMessage("--namespaces needs a value");
  }

  @Test
  void theReadmeTableIsTheDeclaredSettings() throws Exception {
    String readme = Files.readString(Path.of("../README.md"));
    for (String row : OperatorSettings.markdownTable()) {
      assertThat(readme)
          .as("operator/README.md lists every setting as declared in Setting")
          .contains(row);
    }
  }
}
