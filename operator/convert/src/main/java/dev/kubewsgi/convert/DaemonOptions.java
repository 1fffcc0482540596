package dev.kubewsgi.convert;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kubewsgi.convert.WsgiDirectives.DaemonProcess;
import dev.kubewsgi.convert.apache.Notice;
import java.util.List;
import java.util.Map;

/**
 * Maps the options of one {@code WSGIDaemonProcess} to spec fields, each with its provenance; an
 * option without a field is reported with the reason.
 */
final class DaemonOptions {

  /** An integer field with the CRD's bounds. */
  private record Field(String path, int min, int max) {}

  private static final Map<String, Field> INTEGERS =
      Map.of(
          "processes", new Field("spec.workers", 1, 64),
          "threads", new Field("spec.threads", 1, 64),
          "maximum-requests", new Field("spec.lifecycle.maximumRequests", 0, Integer.MAX_VALUE),
          "request-timeout", new Field("spec.lifecycle.requestTimeoutSeconds", 1, 86400),
          "graceful-timeout", new Field("spec.lifecycle.gracefulTimeoutSeconds", 0, 3600),
          "startup-timeout", new Field("spec.lifecycle.startupTimeoutSeconds", 10, 3600),
          "queue-timeout", new Field("spec.lifecycle.queueTimeoutSeconds", 1, 3600),
          "listen-backlog", new Field("spec.lifecycle.maxQueuedRequests", 1, 1_000_000),
          "restart-interval", new Field("spec.lifecycle.restartIntervalSeconds", 0, 31_536_000));

  private static final Map<String, String> UNMAPPABLE =
      Map.ofEntries(
          Map.entry("user", "pods run as the user of the image or of podTemplate.securityContext"),
          Map.entry(
              "group", "pods run as the group of the image or of podTemplate.securityContext"),
          Map.entry("supplementary-groups", "set podTemplate.securityContext by hand"),
          Map.entry("umask", "no umask setting for pods"),
          Map.entry("chroot", "a container is its own root"),
          Map.entry("display-name", "process names are not shown on Kubernetes"),
          Map.entry("memory-limit", "spec.heapLimitMiB limits the Java heap, not process memory"),
          Map.entry("virtual-memory-limit", "set spec.resources.limits.memory by hand"),
          Map.entry("cpu-time-limit", "set spec.resources.limits.cpu by hand"),
          Map.entry("cpu-priority", "pods have no nice level"),
          Map.entry("inactivity-timeout", "idle workers are not restarted"),
          Map.entry("deadlock-timeout", "not in this version"),
          Map.entry("shutdown-timeout", "recycling replaces workers warm; nothing waits for it"),
          Map.entry("eviction-timeout", "recycling replaces workers warm; nothing waits for it"));

  private final DaemonProcess daemon;
  private final ObjectNode spec;
  private final Map<String, String> comments;
  private final List<Notice> unmapped;

  DaemonOptions(
      DaemonProcess daemon, ObjectNode spec, Map<String, String> comments, List<Notice> unmapped) {
    this.daemon = daemon;
    this.spec = spec;
    this.comments = comments;
    this.unmapped = unmapped;
  }

  void map() {
    for (Map.Entry<String, String> option : daemon.options().entrySet()) {
      String name = option.getKey();
      String value = option.getValue();
      String provenance = "WSGIDaemonProcess " + name + "=" + value + " (" + origin() + ")";
      Field field = INTEGERS.get(name);
      if (field != null) {
        integer(name, value, field, provenance);
        continue;
      }
      switch (name) {
        case "python-home" -> {
          spec.put("pythonHome", value);
          comments.put("spec.pythonHome", provenance);
        }
        case "python-path" -> {
          ArrayNode path = spec.putArray("pythonPath");
          for (String entry : value.split(":")) {
            if (!entry.isEmpty()) {
              path.add(entry);
            }
          }
          comments.put("spec.pythonPath", provenance);
        }
        case "home" -> {
          if (value.startsWith("/")) {
            spec.put("home", value);
            comments.put("spec.home", provenance);
          } else {
            unmapped.add(
                new Notice(
                    daemon.directive().origin(),
                    "WSGIDaemonProcess home=" + value,
                    "spec.home must be an absolute path, as mod_wsgi's home= is"));
          }
        }
        case "pass-authorization" -> {} // its applications' auth.passAuthorization (AuthMapper)
        case "lang" -> env("LANG", value, provenance);
        case "locale" -> env("LC_ALL", value, provenance);
        default -> {
          String reason = UNMAPPABLE.get(name);
          if (reason == null) {
            reason =
                name.startsWith("socket-")
                        || name.endsWith("-buffer-size")
                        || name.endsWith("-timeout")
                        || name.equals("stack-size")
                        || name.equals("max-clients")
                        || name.equals("script-user")
                        || name.equals("mount-point")
                        || name.equals("server-metrics")
                    ? "about Apache's daemon processes and their socket: does not apply on"
                        + " Kubernetes"
                    : "not an option this converter knows";
          }
          unmapped.add(
              new Notice(
                  daemon.directive().origin(), "WSGIDaemonProcess " + name + "=" + value, reason));
        }
      }
    }
  }

  private void integer(String name, String value, Field field, String provenance) {
    int parsed;
    try {
      parsed = Integer.parseInt(value.strip());
    } catch (NumberFormatException e) {
      unmapped.add(
          new Notice(
              daemon.directive().origin(),
              "WSGIDaemonProcess " + name + "=" + value,
              "not a whole number"));
      return;
    }
    int bounded = Math.clamp(parsed, field.min(), field.max());
    if (bounded != parsed) {
      unmapped.add(
          new Notice(
              daemon.directive().origin(),
              "WSGIDaemonProcess " + name + "=" + value,
              field.path()
                  + " must be between "
                  + field.min()
                  + " and "
                  + field.max()
                  + ": written as "
                  + bounded));
    }
    String[] parts = field.path().split("\\.");
    ObjectNode parent = spec;
    for (int i = 1; i < parts.length - 1; i++) {
      parent =
          parent.has(parts[i]) ? (ObjectNode) parent.get(parts[i]) : parent.putObject(parts[i]);
    }
    parent.put(parts[parts.length - 1], bounded);
    comments.put(field.path(), provenance);
  }

  private void env(String variable, String value, String provenance) {
    ArrayNode env = spec.has("env") ? (ArrayNode) spec.get("env") : spec.putArray("env");
    comments.put("spec.env[" + env.size() + "]", provenance);
    env.addObject().put("name", variable).put("value", value);
  }

  private String origin() {
    return daemon.directive().origin().toString();
  }
}
