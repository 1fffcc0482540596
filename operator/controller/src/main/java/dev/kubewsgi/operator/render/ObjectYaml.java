package dev.kubewsgi.operator.render;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;

/**
 * Kubernetes objects as YAML text, byte for byte the same for the same object (map keys sorted).
 */
public final class ObjectYaml {

  private static final YAMLMapper MAPPER =
      YAMLMapper.builder()
          .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
          .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
          // Strings like "8080" or "true" must stay strings when read back.
          .enable(YAMLGenerator.Feature.ALWAYS_QUOTE_NUMBERS_AS_STRINGS)
          .enable(YAMLGenerator.Feature.LITERAL_BLOCK_STYLE)
          .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
          .serializationInclusion(JsonInclude.Include.NON_EMPTY)
          .build();

  private ObjectYaml() {}

  public static String write(Object object) {
    try {
      return MAPPER.writeValueAsString(object);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write " + object.getClass().getSimpleName(), e);
    }
  }

  /** A deep copy through the object's YAML form, so that rendering never changes its input. */
  public static <T> T copy(T object, Class<T> type) {
    return MAPPER.convertValue(object, type);
  }
}
