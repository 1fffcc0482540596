package dev.kubewsgi.operator.render;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.kubewsgi.operator.Fixtures;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RenderCommandTest {

  record Result(int exit, String out, String err) {}

  private static Result run(Map<String, String> env, String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int exit =
        RenderCommand.run(
            args,
            env,
            new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8));
    return new Result(
        exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }

  @Test
  void printsEveryObjectAsOneYamlStream() throws Exception {
    Result result = run(Map.of(), Fixtures.path("processgroups/full.yaml").toString());
    assertThat(result.err()).isEmpty();
    assertThat(result.exit()).isZero();
    List<JsonNode> documents =
        new YAMLMapper().readerFor(JsonNode.class).<JsonNode>readValues(result.out()).readAll();
    assertThat(documents)
        .extracting(d -> d.path("kind").asText() + "/" + d.path("metadata").path("name").asText())
        .containsExactly(
            "ConfigMap/shop-runtime",
            "Deployment/shop",
            "Service/shop",
            "PodDisruptionBudget/shop");
    assertThat(result.out()).contains("DEBUG = False").contains("kubewsgi.dev/config-hash");
  }

  @Test
  void imageComesFromTheEnvironment() {
    Result result =
        run(
            Map.of("KUBEWSGI_RUNTIME_IMAGE", "local/runtime:dev"),
            Fixtures.path("processgroups/hello.yaml").toString());
    assertThat(result.exit()).isZero();
    assertThat(result.out())
        .contains("image: local/runtime:dev")
        .doesNotContain("PodDisruptionBudget");
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "invalid-mounts.yaml | spec.applications[1].mount",
        "missing-configmap.yaml | spec.importScripts[0].configMapRef: ConfigMap \"nowhere\" not found",
      })
  void invalidInputNamesTheFieldAndExitsTwo(String file, String expected) {
    Result result = run(Map.of(), Fixtures.path("processgroups/" + file).toString());
    assertThat(result.exit()).isEqualTo(2);
    assertThat(result.err()).contains(expected);
    assertThat(result.out()).isEmpty();
  }

  @Test
  void aYamlErrorNamesLineAndField(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("bad.yaml");
    Files.writeString(
        file,
        """
        apiVersion: kubewsgi.dev/v1alpha1
        kind: WsgiProcessGroup
        metadata: {name: bad}
        spec:
          workers: many
          applications: [{mount: /, script: /a.wsgi}]
        """);
    Result result = run(Map.of(), file.toString());
    assertThat(result.exit()).isEqualTo(2);
    assertThat(result.err()).contains(file + ":5").contains("spec.workers");
  }

  @Test
  void usageErrors() {
    assertThat(run(Map.of()).exit()).isEqualTo(2);
    assertThat(run(Map.of(), "/no/such/file.yaml").err()).contains("no such file");
    assertThat(run(Map.of(), "--help").exit()).isZero();
  }
}
