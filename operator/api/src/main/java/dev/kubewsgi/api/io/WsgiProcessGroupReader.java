package dev.kubewsgi.api.io;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
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

/** Reads one {@code WsgiProcessGroup} YAML document; broken YAML and misplaced fields are reported with line and column. */
public final class WsgiProcessGroupReader {

  // Unknown fields fail: a misspelt "aplications" must not silently mean "no applications".
  private static final ObjectMapper YAML =
      new ObjectMapper(new YAMLFactory())
          .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, true);

  /** Reads the resource in {@code file}. */
  public WsgiProcessGroup read(Path file) throws ResourceReadException {
    String text;
    try {
      text = Files.readString(file);
    } catch (NoSuchFileException e) {
      throw new ResourceReadException(file.toString(), 0, 0, "", "no such file");
    } catch (IOException e) {
      throw new ResourceReadException(file.toString(), 0, 0, "", "cannot read: " + e.getMessage());
    }
    return read(text, file.toString());
  }

  /** Reads the resource in {@code yaml}; {@code source} names it in errors. */
  public WsgiProcessGroup read(String yaml, String source) throws ResourceReadException {
    if (yaml.isBlank()) {
      throw new ResourceReadException(source, 0, 0, "", "the file is empty: expected a WsgiProcessGroup document");
    }
    try {
      WsgiProcessGroup resource = YAML.readValue(yaml, WsgiProcessGroup.class);
      if (resource == null) {
        throw new ResourceReadException(source, 1, 1, "", "expected a WsgiProcessGroup document");
      }
      return resource;
    } catch (JsonMappingException e) {
      throw fromMapping(source, e);
    } catch (JsonProcessingException e) {
      JsonLocation at = e.getLocation();
      throw new ResourceReadException(
          source, line(at), column(at), "", "invalid YAML: " + firstLine(e.getOriginalMessage()));
    }
  }

  private static ResourceReadException fromMapping(String source, JsonMappingException e) {
    JsonLocation at = e.getLocation();
    String path = FieldPaths.of(e.getPath());
    String reason;
    if (e instanceof UnrecognizedPropertyException unknown) {
      path = FieldPaths.parentOf(path);
      reason = "unknown field \"" + unknown.getPropertyName() + "\"";
    } else if (e instanceof InvalidFormatException invalid) {
      reason =
          "expected " + typeName(invalid.getTargetType()) + ", got \"" + invalid.getValue() + "\"";
    } else if (e instanceof MismatchedInputException mismatched && mismatched.getTargetType() != null) {
      reason = "expected " + typeName(mismatched.getTargetType());
    } else {
      reason = firstLine(e.getOriginalMessage());
    }
    return new ResourceReadException(source, line(at), column(at), path, reason);
  }

  private static String typeName(Class<?> type) {
    if (type == Integer.class || type == int.class || type == Long.class || type == long.class) {
      return "an integer";
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
    if (java.util.Map.class.isAssignableFrom(type)) {
      return "a mapping";
    }
    return "a mapping (" + type.getSimpleName() + ")";
  }

  private static int line(JsonLocation at) {
    return at == null ? 0 : Math.max(at.getLineNr(), 0);
  }

  private static int column(JsonLocation at) {
    return at == null ? 0 : Math.max(at.getColumnNr(), 0);
  }

  private static String firstLine(String message) {
    if (message == null) {
      return "unreadable document";
    }
    int end = message.indexOf('\n');
    return (end < 0 ? message : message.substring(0, end)).trim();
  }
}
