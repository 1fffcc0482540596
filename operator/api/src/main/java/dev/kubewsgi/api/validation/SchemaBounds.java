package dev.kubewsgi.api.validation;

import dev.kubewsgi.api.WsgiProcessGroup;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * The OpenAPI part of the schema: the bounds that the annotations on the API classes declare
 * ({@code @Required}, {@code @Min}, {@code @Max}, {@code @Pattern}, {@code @Size}), checked on an
 * object tree as the API server checks them. {@link SpecValidator} adds the CEL rules.
 */
final class SchemaBounds {

  private static final String API_PACKAGE = WsgiProcessGroup.class.getPackageName();

  private SchemaBounds() {}

  /**
   * Adds an error for each field of {@code object} (and the API objects under it) out of bounds.
   */
  static void check(Object object, String path, List<SpecError> errors) {
    for (Class<?> type = object.getClass();
        type != null && type.getPackageName().startsWith(API_PACKAGE);
        type = type.getSuperclass()) {
      for (Field field : type.getDeclaredFields()) {
        if (Modifier.isStatic(field.getModifiers())) {
          continue;
        }
        field.setAccessible(true);
        Object value;
        try {
          value = field.get(object);
        } catch (IllegalAccessException e) {
          throw new IllegalStateException(
              "cannot read " + type.getName() + "." + field.getName(), e);
        }
        checkField(field, value, path + "." + field.getName(), errors);
      }
    }
  }

  private static void checkField(Field field, Object value, String path, List<SpecError> errors) {
    if (value == null) {
      if (field.isAnnotationPresent(Required.class)) {
        errors.add(new SpecError(path, "is required"));
      }
      return;
    }
    Min min = field.getAnnotation(Min.class);
    Max max = field.getAnnotation(Max.class);
    if (value instanceof Number number) {
      double n = number.doubleValue();
      if (min != null && (min.inclusive() ? n < min.value() : n <= min.value())) {
        errors.add(new SpecError(path, "is " + value + ", must be at least " + bound(min.value())));
      }
      if (max != null && (max.inclusive() ? n > max.value() : n >= max.value())) {
        errors.add(new SpecError(path, "is " + value + ", must be at most " + bound(max.value())));
      }
    }
    Pattern pattern = field.getAnnotation(Pattern.class);
    if (pattern != null
        && value instanceof String text
        && !java.util.regex.Pattern.compile(pattern.value()).matcher(text).find()) {
      errors.add(
          new SpecError(path, "\"" + text + "\" does not match the pattern " + pattern.value()));
    }
    Size size = field.getAnnotation(Size.class);
    if (size != null) {
      long length =
          switch (value) {
            case String text -> text.length();
            case Collection<?> items -> items.size();
            case Map<?, ?> entries -> entries.size();
            default -> -1;
          };
      if (length >= 0 && length < size.min()) {
        errors.add(new SpecError(path, "has " + length + " items, needs at least " + size.min()));
      }
      if (length >= 0 && length > size.max()) {
        errors.add(new SpecError(path, "has " + length + " items, allows at most " + size.max()));
      }
    }
    if (value instanceof List<?> items) {
      for (int i = 0; i < items.size(); i++) {
        Object item = items.get(i);
        if (item == null) {
          errors.add(new SpecError(path + "[" + i + "]", "must not be null"));
        } else if (isApiType(item)) {
          check(item, path + "[" + i + "]", errors);
        }
      }
    } else if (isApiType(value)) {
      check(value, path, errors);
    }
  }

  private static boolean isApiType(Object value) {
    return !value.getClass().isEnum() && value.getClass().getPackageName().startsWith(API_PACKAGE);
  }

  private static String bound(double value) {
    return value == Math.rint(value) ? Long.toString((long) value) : Double.toString(value);
  }
}
