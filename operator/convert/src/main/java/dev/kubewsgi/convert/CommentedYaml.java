package dev.kubewsgi.convert;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Writes a Jackson tree as block YAML with a comment line above each field or list item that has
 * one. Jackson's YAML generator cannot write comments, hence this small writer; strings are plain
 * when YAML reads them back as the same string, JSON-quoted (valid YAML) otherwise.
 */
final class CommentedYaml {

  private static final Pattern PLAIN = Pattern.compile("[A-Za-z_/][A-Za-z0-9_./-]*");
  private static final Set<String> RESERVED =
      Set.of("y", "n", "yes", "no", "true", "false", "on", "off", "null", "~");

  private CommentedYaml() {}

  static String write(JsonNode root, Map<String, String> comments) {
    StringBuilder out = new StringBuilder();
    fields(root, "", 0, null, comments, out);
    return out.toString();
  }

  // firstPrefix: "- " for an object that is a list item, written on the dash's line.
  private static void fields(
      JsonNode object,
      String path,
      int indent,
      String firstPrefix,
      Map<String, String> comments,
      StringBuilder out) {
    boolean first = true;
    for (Map.Entry<String, JsonNode> field : object.properties()) {
      String fieldPath = path.isEmpty() ? field.getKey() : path + "." + field.getKey();
      String lead = " ".repeat(indent);
      if (first && firstPrefix != null) {
        comment(comments.get(path), indent - 2, out);
        comment(comments.get(fieldPath), indent - 2, out);
        lead = " ".repeat(indent - 2) + firstPrefix;
      } else {
        comment(comments.get(fieldPath), indent, out);
      }
      first = false;
      out.append(lead).append(field.getKey()).append(':');
      value(field.getValue(), fieldPath, indent, comments, out);
    }
  }

  private static void value(
      JsonNode value, String path, int indent, Map<String, String> comments, StringBuilder out) {
    if (value.isObject()) {
      out.append('\n');
      fields(value, path, indent + 2, null, comments, out);
    } else if (value.isArray()) {
      out.append('\n');
      for (int i = 0; i < value.size(); i++) {
        JsonNode item = value.get(i);
        String itemPath = path + "[" + i + "]";
        if (item.isObject()) {
          fields(item, itemPath, indent + 4, "- ", comments, out);
        } else {
          comment(comments.get(itemPath), indent + 2, out);
          out.append(" ".repeat(indent + 2)).append("- ").append(scalar(item)).append('\n');
        }
      }
    } else {
      out.append(' ').append(scalar(value)).append('\n');
    }
  }

  private static void comment(String text, int indent, StringBuilder out) {
    if (text != null) {
      for (String line : text.split("\n")) {
        out.append(" ".repeat(indent)).append("# ").append(line).append('\n');
      }
    }
  }

  static String scalar(JsonNode value) {
    if (!value.isTextual()) {
      return value.asText();
    }
    String text = value.asText();
    if (PLAIN.matcher(text).matches() && !RESERVED.contains(text.toLowerCase())) {
      return text;
    }
    return value.toString(); // JSON's quoting, which YAML reads as a double-quoted string
  }
}
