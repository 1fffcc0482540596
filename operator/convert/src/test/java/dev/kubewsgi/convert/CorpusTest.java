package dev.kubewsgi.convert;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kubewsgi.api.WsgiProcessGroup;
import dev.kubewsgi.api.io.ResourceReader;
import dev.kubewsgi.api.validation.SpecValidator;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every configuration of the corpus (real ones, from mod_wsgi's and Django's documentation and
 * public repositories; origin and licence at the top of each file and in corpus/README.md) converts
 * without an error, into the number of resources expected, each passing the schema and CEL checks
 * of {@link SpecValidator} after a round trip through {@link ResourceReader}.
 */
class CorpusTest {

  static final Path CORPUS = Path.of("src/test/resources/corpus");

  // Resources each file yields; the others are embedded mode only.
  private static final Map<String, Integer> EXPECTED =
      Map.ofEntries(
          Map.entry("django-docs/apache-auth.conf", 0),
          Map.entry("django-docs/apache-auth-groups-daemon.conf", 1),
          Map.entry("django-docs/basic-configuration.conf", 0),
          Map.entry("django-docs/daemon-mode.conf", 1),
          Map.entry("django-docs/serving-files.conf", 1),
          Map.entry("django-docs/serving-files-embedded.conf", 0),
          Map.entry("graphite-web/example-graphite-vhost.conf", 1),
          Map.entry("kdcproxy/kdc-wsgi.conf", 1),
          Map.entry("keystone/wsgi-keystone.conf", 1),
          Map.entry("mod_wsgi-docs/quick-configuration-daemon.conf", 1),
          Map.entry("mod_wsgi-docs/quick-configuration-embedded.conf", 0),
          Map.entry("mod_wsgi-docs/virtual-environments-embedded.conf", 0),
          Map.entry("mod_wsgi-docs/virtual-environments-multiple.conf", 1),
          Map.entry("mod_wsgi-docs/virtual-environments-single.conf", 1));

  static Stream<String> files() throws Exception {
    try (Stream<Path> walk = Files.walk(CORPUS)) {
      return walk
          .filter(p -> p.toString().endsWith(".conf"))
          .map(p -> CORPUS.relativize(p).toString())
          .sorted()
          .toList()
          .stream();
    }
  }

  @ParameterizedTest
  @MethodSource("files")
  void convertsAndValidates(String name) throws Exception {
    assertThat(EXPECTED).as("expected resources of " + name).containsKey(name);
    Path file = CORPUS.resolve(name);
    assertThat(Files.readString(file)).as("origin and licence header").contains("Licence:");
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int code =
        ConvertCommand.run(
            new String[] {file.toString()},
            Map.of(),
            new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8));
    String stderr = err.toString(StandardCharsets.UTF_8);
    assertThat(code).as(stderr).isZero();
    List<String> documents = documents(out.toString(StandardCharsets.UTF_8));
    assertThat(documents).hasSize(EXPECTED.get(name));
    for (String yaml : documents) {
      WsgiProcessGroup resource = new ResourceReader().read(yaml, name);
      assertThat(new SpecValidator().validate(resource)).as(yaml).isEmpty();
      assertThat(yaml)
          .contains("# WSGIDaemonProcess ")
          .containsPattern("# WSGIScriptAlias(Match)? ");
    }
  }

  @ParameterizedTest
  @MethodSource("files")
  void everyFileIsListedInTheCorpusReadme(String name) throws Exception {
    assertThat(Files.readString(CORPUS.resolve("README.md"))).contains(name);
  }

  // The documents as written, comments and all.
  static List<String> documents(String stream) {
    List<String> documents = new ArrayList<>();
    for (String document : stream.split("(?m)^---\n")) {
      if (!document.isBlank()) {
        documents.add(document);
      }
    }
    return documents;
  }
}
