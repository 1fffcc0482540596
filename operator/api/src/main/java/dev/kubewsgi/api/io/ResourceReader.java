package dev.kubewsgi.api.io;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.kubewsgi.api.WsgiProcessGroup;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * Reads a {@link WsgiProcessGroup} from YAML, reporting syntax and type errors with line, column
 * and field.
 */
public final class ResourceReader {

  private final ObjectMapper mapper =
      new ObjectMapper(new YAMLFactory())
          .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
          .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES);

  /** Reads the first document of a YAML file. */
  public WsgiProcessGroup read(Path file) throws ResourceReadException {
    String text;
    try {
      text = Files.readString(file);
    } catch (NoSuchFileException e) {
      throw new ResourceReadException(file.toString(), 0, 0, null, "no such file", e);
    } catch (IOException e) {
      throw new ResourceReadException(file.toString(), 0, 0, null, "cannot read: " + e, e);
    }
    return read(text, file.toString());
  }

  /** Reads a YAML document; {@code source} names it in errors. */
  public WsgiProcessGroup read(String yaml, String source) throws ResourceReadException {
    WsgiProcessGroup resource;
    try {
      // Fabric8 fixes apiVersion and kind from the class's annotations: check the document's own.
      JsonNode tree = mapper.readTree(yaml);
      if (tree == null || tree.isMissingNode() || tree.isNull()) {
        throw new ResourceReadException(
            source, 0, 0, null, "the file holds no YAML document", null);
      }
      requireText(tree, "apiVersion", WsgiProcessGroup.API_VERSION, source);
      requireText(tree, "kind", WsgiProcessGroup.KIND, source);
      resource = mapper.readValue(yaml, WsgiProcessGroup.class);
    } catch (JsonProcessingException e) {
      throw translate(source, e);
    }
    return resource;
  }

  /** Writes a resource back as YAML, as the operator renders it into a ConfigMap. */
  public String write(WsgiProcessGroup resource) {
    try {
      return mapper.writeValueAsString(resource);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write a WsgiProcessGroup as YAML", e);
    }
  }

  private static void requireText(JsonNode tree, String field, String expected, String source)
      throws ResourceReadException {
    JsonNode value = tree.get(field);
    if (value == null || !expected.equals(value.asText())) {
      throw new ResourceReadException(
          source,
          0,
          0,
          field,
          "must be "
              + expected
              + ", not "
              + (value == null ? "missing" : "\"" + value.asText() + "\""),
          null);
    }
  }

  private static ResourceReadException translate(String source, JsonProcessingException e) {
    JsonLocation location = e.getLocation();
    int line = location == null ? 0 : location.getLineNr();
    int column = location == null ? 0 : location.getColumnNr();
    String field = e instanceof JsonMappingException mapping ? fieldPath(mapping) : null;
    String problem =
        switch (e) {
          case UnrecognizedPropertyException unknown ->
              "unknown field \"" + unknown.getPropertyName() + "\"";
          case InvalidFormatException format ->
              "cannot read "
                  + quoted(format.getValue())
                  + " as "
                  + typeName(format.getTargetType());
          case MismatchedInputException mismatch when mismatch.getTargetType() != null ->
              "expected "
                  + typeName(mismatch.getTargetType())
                  + ": "
                  + firstLine(e.getOriginalMessage());
          default -> firstLine(e.getOriginalMessage());
        };
    return new ResourceReadException(source, line, column, field, problem, e);
  }

  private static String fieldPath(JsonMappingException e) {
    StringBuilder path = new StringBuilder();
    for (JsonMappingException.Reference ref : e.getPath()) {
      if (ref.getFieldName() != null) {
        if (!path.isEmpty()) {
          path.append('.');
        }
        path.append(ref.getFieldName());
      } else if (ref.getIndex() >= 0) {
        path.append('[').append(ref.getIndex()).append(']');
      }
    }
    return path.toString();
  }

  private static String typeName(Class<?> type) {
    if (type == null) {
      return "a value";
    }
    if (Number.class.isAssignableFrom(type) || (type.isPrimitive() && type != boolean.class)) {
      return "a number";
    }
    if (type == Boolean.class || type == boolean.class) {
      return "true or false";
    }
    if (type == String.class) {
      return "a string";
    }
    if (java.util.Collection.class.isAssignableFrom(type)) {
      return "a list";
    }
    if (java.util.Map.class.isAssignableFrom(type) || !type.getPackageName().startsWith("java")) {
      return "a mapping";
    }
    return type.getSimpleName();
  }

  private static String quoted(Object value) {
    return value instanceof String text ? "\"" + text + "\"" : String.valueOf(value);
  }

  private static String firstLine(String message) {
    if (message == null) {
      return "invalid YAML";
    }
    int newline = message.indexOf('\n');
    return newline < 0 ? message : message.substring(0, newline);
  }
}
