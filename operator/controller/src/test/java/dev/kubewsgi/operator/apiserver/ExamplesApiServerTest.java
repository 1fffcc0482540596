package dev.kubewsgi.operator.apiserver;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.kubewsgi.api.WsgiProcessGroup;
import dev.kubewsgi.api.io.ResourceReader;
import dev.kubewsgi.api.validation.SpecValidator;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every WsgiProcessGroup the project ships for users to copy (examples/, the chart's first group)
 * passes the Java checks and is admitted by the real API server against the committed CRD.
 */
class ExamplesApiServerTest {

  private static final String NAMESPACE = "examples-test";
  private static final Path REPO =
      Path.of(System.getProperty("kubewsgi.repo.dir", "../..")).toAbsolutePath().normalize();
  private static KubernetesClient client;

  @BeforeAll
  static void installCrd() {
    client = ControlPlane.get().newClient();
    Crds.applyWithNamespace(client, NAMESPACE);
  }

  @AfterAll
  static void close() {
    client.close();
  }

  static List<Path> shipped() throws IOException {
    try (Stream<Path> examples = Files.walk(REPO.resolve("examples"))) {
      List<Path> files =
          Stream.concat(
                  examples.filter(p -> p.toString().endsWith(".yaml")),
                  Stream.of(REPO.resolve("helm/kubewsgi/files/first-processgroup.yaml")))
              .filter(ExamplesApiServerTest::isProcessGroup)
              .sorted()
              .toList();
      assertThat(files).as("WsgiProcessGroups under examples/").hasSizeGreaterThan(3);
      return files;
    }
  }

  private static boolean isProcessGroup(Path file) {
    try {
      return Files.readString(file).contains("\nkind: " + WsgiProcessGroup.KIND + "\n");
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("shipped")
  void passesTheJavaChecksAndTheApiServer(Path file) throws Exception {
    WsgiProcessGroup group = new ResourceReader().read(file);
    assertThat(new SpecValidator().validate(group)).as(file.toString()).isEmpty();

    GenericKubernetesResource resource =
        new YAMLMapper().readValue(file.toFile(), GenericKubernetesResource.class);
    GenericKubernetesResource admitted =
        client
            .genericKubernetesResources(WsgiProcessGroup.API_VERSION, WsgiProcessGroup.KIND)
            .inNamespace(NAMESPACE)
            .resource(resource)
            .dryRun()
            .create();
    assertThat(admitted.getMetadata().getName()).isEqualTo(resource.getMetadata().getName());
  }
}
