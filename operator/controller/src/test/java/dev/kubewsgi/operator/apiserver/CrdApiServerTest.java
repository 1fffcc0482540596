package dev.kubewsgi.operator.apiserver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.kubewsgi.api.WsgiProcessGroup;
import dev.kubewsgi.api.io.ResourceReader;
import dev.kubewsgi.api.validation.SpecValidator;
import dev.kubewsgi.convert.ConvertedGroup;
import dev.kubewsgi.convert.ProcessGroupMapper;
import dev.kubewsgi.convert.apache.ConfigReader;
import dev.kubewsgi.operator.Fixtures;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.StatusCause;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceColumnDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The committed CRD on a real API server: it installs, defaults, rejects bad resources naming the
 * field, and admits every WsgiProcessGroup the project ships and every one {@code kubewsgi convert}
 * writes from its corpus.
 */
class CrdApiServerTest {

  private static final String NAMESPACE = "crd-test";
  private static final Path REPO =
      Path.of(System.getProperty("kubewsgi.repo.dir", "../..")).toAbsolutePath().normalize();
  private static final YAMLMapper YAML = new YAMLMapper();
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

  @Test
  void crdIsEstablishedWithSubresourcesAndPrinterColumns() {
    CustomResourceDefinition crd =
        client.apiextensions().v1().customResourceDefinitions().withName(Crds.NAME).get();
    assertThat(crd.getStatus().getConditions())
        .anySatisfy(
            c -> assertThat(c.getType() + "=" + c.getStatus()).isEqualTo("Established=True"));
    var version = crd.getSpec().getVersions().getFirst();
    assertThat(version.getSubresources().getStatus()).isNotNull();
    assertThat(version.getSubresources().getScale().getSpecReplicasPath())
        .isEqualTo(".spec.replicas");
    assertThat(version.getSubresources().getScale().getLabelSelectorPath())
        .isEqualTo(".status.selector");
    assertThat(version.getAdditionalPrinterColumns())
        .extracting(CustomResourceColumnDefinition::getName)
        .containsExactlyInAnyOrder("Replicas", "Ready", "Phase", "Reason", "Message", "Age");
    assertThat(version.getAdditionalPrinterColumns())
        .filteredOn(c -> c.getName().equals("Reason"))
        .singleElement()
        .satisfies(
            c ->
                assertThat(c.getJsonPath())
                    .isEqualTo(".status.conditions[?(@.type==\"Degraded\")].reason"));
    // What kubectl explain wsgiprocessgroup prints as DESCRIPTION.
    assertThat(version.getSchema().getOpenAPIV3Schema().getDescription())
        .isEqualTo(WsgiProcessGroup.DESCRIPTION);
    assertThat(crd.getSpec().getNames().getShortNames()).containsExactly("wpg");
    assertThat(crd.getSpec().getNames().getCategories()).containsExactly("kubewsgi");
    assertThat(
            version.getSchema().getOpenAPIV3Schema().getProperties().get("spec").getDescription())
        .startsWith("The desired state");
    assertThat(
            version.getSchema().getOpenAPIV3Schema().getProperties().get("status").getDescription())
        .startsWith("The observed state");
  }

  @Test
  void theApiServerFillsInTheDefaults() {
    GenericKubernetesResource created = create(resource("defaults", null));
    Map<String, Object> spec = created.get("spec");
    assertThat(spec)
        .containsEntry("replicas", 1)
        .containsEntry("workers", 1)
        .containsEntry("threads", 1);
    assertThat(created.<String>get("spec", "applications", 0, "callable")).isEqualTo("application");
    assertThat(created.<String>get("spec", "applications", 0, "applicationGroup"))
        .isEqualTo("%{GLOBAL}");
  }

  @Test
  void theExamplesOfTheRenderTestsAreAccepted() throws Exception {
    for (String name : List.of("hello", "full", "pod-template")) {
      JsonNode document = YAML.readTree(Fixtures.text("processgroups/" + name + ".yaml"));
      ObjectNode metadata = (ObjectNode) document.get("metadata");
      metadata.remove(List.of("uid", "generation", "namespace"));
      metadata.put("name", "example-" + name);
      create(YAML.convertValue(document, GenericKubernetesResource.class));
    }
  }

  /** The corpus SpecValidatorTest runs too (operator/api's invalid/cases.yaml says how). */
  static Stream<Arguments> invalidResources() throws Exception {
    JsonNode table = YAML.readTree(Fixtures.text("invalid/cases.yaml"));
    return StreamSupport.stream(table.get("cases").spliterator(), false)
        .map(
            c ->
                Arguments.of(
                    c.get("case").asText(),
                    c.has("name") ? c.get("name").asText() : "invalid",
                    c.has("spec") ? c.get("spec") : table.get("valid"),
                    c.get("apiServer")));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("invalidResources")
  void invalidResourcesAreRejectedNamingTheField(
      String what, String name, JsonNode spec, JsonNode expected) {
    if (expected.has("accepts")) {
      String accepted = "accepted-" + Math.abs(what.hashCode());
      assertThat(create(resource(accepted, spec)))
          .as("accepted on purpose: %s", expected.get("accepts").asText())
          .isNotNull();
      client
          .genericKubernetesResources(WsgiProcessGroup.API_VERSION, WsgiProcessGroup.KIND)
          .inNamespace(NAMESPACE)
          .withName(accepted)
          .delete();
      return;
    }
    KubernetesClientException rejected =
        catchThrowableOfType(KubernetesClientException.class, () -> create(resource(name, spec)));
    assertThat(rejected).as("the API server accepted %s", what).isNotNull();
    assertThat(rejected.getCode()).isEqualTo(422);
    String field = expected.get("field").asText();
    List<StatusCause> causes = rejected.getStatus().getDetails().getCauses();
    assertThat(causes)
        .as("causes of %s", rejected.getMessage())
        .anySatisfy(
            cause -> {
              assertThat(cause.getField() == null ? "" : cause.getField()).isEqualTo(field);
              assertThat(cause.getMessage()).contains(expected.get("message").asText());
            });
  }

  private static GenericKubernetesResource resource(String name, JsonNode spec) {
    ObjectNode document = YAML.createObjectNode();
    document.put("apiVersion", WsgiProcessGroup.API_VERSION);
    document.put("kind", WsgiProcessGroup.KIND);
    document.putObject("metadata").put("name", name);
    try {
      document.set(
          "spec",
          spec != null ? spec : YAML.readTree(Fixtures.text("invalid/cases.yaml")).get("valid"));
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
    return YAML.convertValue(document, GenericKubernetesResource.class);
  }

  private static GenericKubernetesResource create(GenericKubernetesResource resource) {
    return client
        .genericKubernetesResources(WsgiProcessGroup.API_VERSION, WsgiProcessGroup.KIND)
        .inNamespace(NAMESPACE)
        .resource(resource)
        .create();
  }

  // What the project ships for users to copy: examples/ and the chart's first group.
  static List<Path> shipped() throws IOException {
    try (Stream<Path> examples = Files.walk(REPO.resolve("examples"))) {
      List<Path> files =
          Stream.concat(
                  examples.filter(p -> p.toString().endsWith(".yaml")),
                  Stream.of(REPO.resolve("helm/kubewsgi/files/first-processgroup.yaml")))
              .filter(CrdApiServerTest::isProcessGroup)
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
  void everyShippedProcessGroupPassesTheJavaChecksAndIsAdmitted(Path file) throws Exception {
    WsgiProcessGroup group = new ResourceReader().read(file);
    assertThat(new SpecValidator().validate(group)).as(file.toString()).isEmpty();

    assertAdmitted(YAML.readValue(file.toFile(), GenericKubernetesResource.class));
  }

  // The configurations of kubewsgi convert's corpus (real ones: operator/convert's corpus README).
  static List<Path> convertCorpus() throws IOException {
    try (Stream<Path> files =
        Files.walk(REPO.resolve("operator/convert/src/test/resources/corpus"))) {
      List<Path> confs = files.filter(p -> p.toString().endsWith(".conf")).sorted().toList();
      assertThat(confs).as("configurations of the convert corpus").hasSizeGreaterThan(5);
      return confs;
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("convertCorpus")
  void everyGroupConvertedFromTheCorpusIsAdmitted(Path file) throws Exception {
    var config = new ConfigReader(Map.of(), Map.of()).read(file);
    for (ConvertedGroup group : new ProcessGroupMapper().convert(config.directives()).groups()) {
      assertAdmitted(YAML.readValue(group.yaml(), GenericKubernetesResource.class));
    }
  }

  private static void assertAdmitted(GenericKubernetesResource resource) {
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
