package dev.kubewsgi.operator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.kubewsgi.api.WsgiProcessGroup;
import dev.kubewsgi.api.io.ResourceReader;
import dev.kubewsgi.operator.render.ScriptSources;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Pod;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Example resources of the tests, read from src/test/resources. */
public final class Fixtures {

  private static final YAMLMapper YAML = new YAMLMapper();

  private Fixtures() {}

  public static String text(String resource) {
    try (InputStream in = Fixtures.class.getResourceAsStream("/" + resource)) {
      if (in == null) {
        throw new IllegalArgumentException("no test resource " + resource);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public static Path path(String resource) {
    try {
      return Path.of(Fixtures.class.getResource("/" + resource).toURI());
    } catch (Exception e) {
      throw new IllegalArgumentException("no test resource " + resource, e);
    }
  }

  /** The WsgiProcessGroup of processgroups/NAME.yaml (its first document). */
  public static WsgiProcessGroup group(String name) {
    try {
      return new ResourceReader().read(text("processgroups/" + name + ".yaml"), name);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  /** The ConfigMaps after the first document of processgroups/NAME.yaml. */
  public static ScriptSources scripts(String name) {
    List<ConfigMap> configMaps = new ArrayList<>();
    for (JsonNode document : documents("processgroups/" + name + ".yaml")) {
      if ("ConfigMap".equals(document.path("kind").asText())) {
        configMaps.add(YAML.convertValue(document, ConfigMap.class));
      }
    }
    return ScriptSources.of(configMaps);
  }

  public static Pod pod(String name) {
    return YAML.convertValue(documents("pods/" + name + ".yaml").getFirst(), Pod.class);
  }

  private static List<JsonNode> documents(String resource) {
    try (MappingIterator<JsonNode> it = YAML.readerFor(JsonNode.class).readValues(text(resource))) {
      return it.readAll();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
