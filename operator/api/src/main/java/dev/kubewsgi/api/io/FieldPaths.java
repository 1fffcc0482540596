package dev.kubewsgi.api.io;

import com.fasterxml.jackson.databind.JsonMappingException.Reference;
import java.util.List;

/** Field paths in Kubernetes' notation, such as {@code spec.importScripts[1].applicationGroup}. */
final class FieldPaths {

  private FieldPaths() {}

  static String of(List<Reference> references) {
    StringBuilder path = new StringBuilder();
    for (Reference reference : references) {
      if (reference.getFieldName() != null) {
        if (!path.isEmpty()) {
          path.append('.');
        }
        path.append(reference.getFieldName());
      } else if (reference.getIndex() >= 0) {
        path.append('[').append(reference.getIndex()).append(']');
      }
    }
    return path.toString();
  }

  static String parentOf(String path) {
    int dot = path.lastIndexOf('.');
    int bracket = path.lastIndexOf('[');
    int cut = Math.max(dot, bracket);
    return cut < 0 ? "" : path.substring(0, cut);
  }
}
