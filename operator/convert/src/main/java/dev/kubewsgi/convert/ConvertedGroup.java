package dev.kubewsgi.convert;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Map;

/**
 * One WsgiProcessGroup written from one {@code WSGIDaemonProcess}: the resource as a tree, and for
 * each field path (such as {@code spec.applications[0].mount}) the comment naming the directive and
 * file:line it came from.
 */
public record ConvertedGroup(String name, ObjectNode resource, Map<String, String> comments) {

  public ConvertedGroup {
    comments = Map.copyOf(comments);
  }

  /** The resource as YAML, each field preceded by its comment. */
  public String yaml() {
    return CommentedYaml.write(resource, comments);
  }
}
