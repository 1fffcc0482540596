package dev.kubewsgi.operator.apiserver;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.kubewsgi.api.WsgiProcessGroup;
import dev.kubewsgi.convert.ConvertedGroup;
import dev.kubewsgi.convert.ProcessGroupMapper;
import dev.kubewsgi.convert.apache.ConfigReader;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * What {@code kubewsgi convert} writes from each configuration of its corpus (real ones, see
 * operator/convert's corpus README) is admitted by a real API server: the committed CRD's schema
 * and CEL rules, not only the Java checks the convert module's own tests run.
 */
class ConvertedCorpusApiServerTest {

  private static final String NAMESPACE = "convert-test";
  private static final Path CORPUS =
      Path.of(System.getProperty("kubewsgi.repo.dir", "../.."))
          .toAbsolutePath()
          .normalize()
          .resolve("operator/convert/src/test/resources/corpus");
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

  static List<Path> corpus() throws Exception {
    try (Stream<Path> files = Files.walk(CORPUS)) {
      List<Path> confs = files.filter(p -> p.toString().endsWith(".conf")).sorted().toList();
      assertThat(confs).as("configurations under " + CORPUS).hasSizeGreaterThan(5);
      return confs;
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("corpus")
  void everyConvertedGroupIsAdmitted(Path file) throws Exception {
    var config = new ConfigReader(Map.of(), Map.of()).read(file);
    List<ConvertedGroup> groups = new ProcessGroupMapper().convert(config.directives()).groups();
    for (ConvertedGroup group : groups) {
      GenericKubernetesResource resource =
          new YAMLMapper().readValue(group.yaml(), GenericKubernetesResource.class);
      GenericKubernetesResource admitted =
          client
              .genericKubernetesResources(WsgiProcessGroup.API_VERSION, WsgiProcessGroup.KIND)
              .inNamespace(NAMESPACE)
              .resource(resource)
              .dryRun()
              .create();
      assertThat(admitted.getMetadata().getName()).isEqualTo(group.name());
    }
  }
}
