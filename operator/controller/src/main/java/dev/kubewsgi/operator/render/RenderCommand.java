package dev.kubewsgi.operator.render;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.kubewsgi.api.WsgiProcessGroup;
import dev.kubewsgi.api.io.ResourceReadException;
import dev.kubewsgi.api.io.ResourceReader;
import dev.kubewsgi.api.validation.InvalidResourceException;
import dev.kubewsgi.api.validation.SpecError;
import dev.kubewsgi.api.validation.SpecValidator;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.HasMetadata;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * {@code kubewsgi render FILE.yaml}: prints the objects the operator would apply for a process
 * group, as multi-document YAML, from the same renderers, without a cluster.
 *
 * <p>FILE holds the WsgiProcessGroup first; further documents may be the ConfigMaps its {@code
 * configMapRef} import scripts name. Exit codes: 0 rendered; 2 invalid input (the field is named on
 * stderr); 1 unexpected.
 */
public final class RenderCommand {

  static final int OK = 0;
  static final int UNEXPECTED = 1;
  static final int INVALID = 2;

  private static final String USAGE =
      """
      usage: kubewsgi render FILE.yaml

      Prints the ConfigMap, Deployment, Service and (for more than one replica) PodDisruptionBudget
      the operator renders for the WsgiProcessGroup in FILE. Further documents in FILE may be the
      ConfigMaps that importScripts[].configMapRef name. The image defaults to $%s (%s).
      """
          .formatted(RenderSettings.RUNTIME_IMAGE_ENV, RenderSettings.DEFAULT_RUNTIME_IMAGE);

  private RenderCommand() {}

  public static void main(String[] args) {
    System.exit(run(args, System.getenv(), System.out, System.err));
  }

  /** Runs the command; returns the exit code. */
  public static int run(String[] args, Map<String, String> env, PrintStream out, PrintStream err) {
    if (args.length == 1 && (args[0].equals("--help") || args[0].equals("-h"))) {
      out.print(USAGE);
      return OK;
    }
    if (args.length != 1 || args[0].startsWith("-")) {
      err.print(USAGE);
      return INVALID;
    }
    Path file = Path.of(args[0]);
    try {
      String text = readFile(file);
      WsgiProcessGroup group = new ResourceReader().read(text, file.toString());
      List<SpecError> errors = new SpecValidator().validate(group);
      if (!errors.isEmpty()) {
        throw new InvalidResourceException(file.toString(), errors);
      }
      if (group.getMetadata() == null || group.getMetadata().getName() == null) {
        throw new RenderException("metadata.name", "is required");
      }
      RenderSettings settings = RenderSettings.fromEnvironment(env);
      RenderedObjects objects =
          RenderedObjects.render(group, settings, ScriptSources.of(configMaps(text, file)));
      out.print(toYaml(objects.all()));
      return OK;
    } catch (ResourceReadException | InvalidResourceException e) {
      err.println(e.getMessage());
      return INVALID;
    } catch (RenderException e) {
      err.println(file + ": " + e.getMessage());
      return INVALID;
    } catch (IllegalArgumentException e) {
      err.println(file + ": " + e.getMessage());
      return INVALID;
    } catch (RuntimeException e) {
      err.println(file + ": cannot render: " + e);
      return UNEXPECTED;
    }
  }

  /** Objects as one multi-document YAML stream. */
  public static String toYaml(List<HasMetadata> objects) {
    StringBuilder yaml = new StringBuilder();
    for (HasMetadata object : objects) {
      yaml.append("---\n").append(ObjectYaml.write(object));
    }
    return yaml.toString();
  }

  private static String readFile(Path file) throws ResourceReadException {
    try {
      return Files.readString(file);
    } catch (NoSuchFileException e) {
      throw new ResourceReadException(file.toString(), 0, 0, null, "no such file", e);
    } catch (IOException e) {
      throw new ResourceReadException(file.toString(), 0, 0, null, "cannot read: " + e, e);
    }
  }

  // The ConfigMaps among the documents after the first.
  private static List<ConfigMap> configMaps(String text, Path file) throws ResourceReadException {
    YAMLMapper mapper = new YAMLMapper();
    List<ConfigMap> configMaps = new ArrayList<>();
    try (MappingIterator<JsonNode> documents = mapper.readerFor(JsonNode.class).readValues(text)) {
      int index = 0;
      while (documents.hasNext()) {
        JsonNode document = documents.next();
        if (index++ == 0
            || document == null
            || !"ConfigMap".equals(document.path("kind").asText())) {
          continue;
        }
        configMaps.add(mapper.treeToValue(document, ConfigMap.class));
      }
    } catch (IOException e) {
      throw new ResourceReadException(
          file.toString(), 0, 0, null, "cannot read the ConfigMap documents: " + e.getMessage(), e);
    }
    return configMaps;
  }
}
