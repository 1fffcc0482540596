package dev.kubewsgi.e2e.report;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * What a service account's role grants against what it asked the API server for, from the API
 * server's audit log (one JSON event per line, e2e/cluster/control-plane.sh's policy): which
 * granted permissions were used and how often, which never were, and which requests were refused.
 */
public final class RbacUsage {

  private static final ObjectMapper JSON = new ObjectMapper();

  /**
   * One verb on one resource ({@code deployments}, {@code wsgiprocessgroups/status}) of a group.
   */
  public record Permission(String apiGroup, String resource, String verb)
      implements Comparable<Permission> {
    @Override
    public int compareTo(Permission o) {
      return toString().compareTo(o.toString());
    }

    @Override
    public String toString() {
      return (apiGroup.isEmpty() ? "core" : apiGroup) + "/" + resource + " " + verb;
    }
  }

  private final Set<Permission> granted;
  private final Map<Permission, Long> used = new TreeMap<>();
  private final List<String> refused = new ArrayList<>();

  private RbacUsage(Set<Permission> granted) {
    this.granted = granted;
  }

  /**
   * Compares {@code rules} (the {@code rules} of the Roles and ClusterRoles bound to the account)
   * with the audit events of {@code username} among {@code auditLines}.
   */
  public static RbacUsage of(
      Collection<JsonNode> rules, Stream<String> auditLines, String username) {
    RbacUsage usage = new RbacUsage(expand(rules));
    auditLines.forEach(line -> usage.add(line, username));
    return usage;
  }

  /** Reads {@code auditLog} (and its rotated predecessors beside it, if any). */
  public static Stream<String> lines(Path auditLog) {
    try (Stream<Path> files = Files.list(auditLog.getParent())) {
      String name = auditLog.getFileName().toString();
      String stem = name.endsWith(".log") ? name.substring(0, name.length() - 4) : name;
      List<Path> all = files.filter(f -> f.getFileName().toString().startsWith(stem)).toList();
      return all.stream()
          .flatMap(
              f -> {
                try {
                  return Files.readAllLines(f).stream();
                } catch (IOException e) {
                  throw new UncheckedIOException(e);
                }
              });
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static Set<Permission> expand(Collection<JsonNode> rules) {
    Set<Permission> out = new TreeSet<>();
    for (JsonNode rule : rules) {
      for (JsonNode group : rule.path("apiGroups")) {
        for (JsonNode resource : rule.path("resources")) {
          for (JsonNode verb : rule.path("verbs")) {
            out.add(new Permission(group.asText(), resource.asText(), verb.asText()));
          }
        }
      }
    }
    return out;
  }

  private void add(String line, String username) {
    if (line.isBlank()) {
      return;
    }
    JsonNode event;
    try {
      event = JSON.readTree(line);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("not an audit event: " + line, e);
    }
    if (!username.equals(event.path("user").path("username").asText())) {
      return;
    }
    JsonNode ref = event.path("objectRef");
    if (ref.isMissingNode()) {
      return; // discovery (/api, /apis, /version): every account may, by system:discovery
    }
    String resource = ref.path("resource").asText();
    if (ref.hasNonNull("subresource")) {
      resource += "/" + ref.path("subresource").asText();
    }
    Permission permission =
        new Permission(ref.path("apiGroup").asText(""), resource, event.path("verb").asText());
    boolean forbidden =
        "forbid".equals(event.path("annotations").path("authorization.k8s.io/decision").asText(""))
            || event.path("responseStatus").path("code").asInt() == 403;
    if (forbidden) {
      refused.add(
          permission
              + " "
              + ref.path("namespace").asText("")
              + "/"
              + ref.path("name").asText("")
              + ": "
              + event.path("responseStatus").path("message").asText(""));
    } else if ("ResponseComplete".equals(event.path("stage").asText())
        || "ResponseStarted".equals(event.path("stage").asText())) {
      used.merge(permission, 1L, Long::sum);
    }
  }

  public Set<Permission> granted() {
    return granted;
  }

  /** Requests per permission, granted or not (a refused one is in {@link #refused()} instead). */
  public Map<Permission, Long> used() {
    return used;
  }

  /** Granted and never asked for. */
  public Set<Permission> unused() {
    Set<Permission> out = new TreeSet<>(granted);
    out.removeAll(used.keySet());
    return out;
  }

  /** Requests the API server refused for lack of permission. */
  public List<String> refused() {
    return refused;
  }

  /** {@code rbac-report.json}: granted, used with counts, unused with the reason it is kept. */
  public void write(Path file, Map<Permission, String> keptUnused) {
    Map<String, Object> out = new LinkedHashMap<>();
    Map<String, Object> usedOut = new LinkedHashMap<>();
    used.forEach((p, n) -> usedOut.put(p.toString(), n));
    Map<String, Object> unusedOut = new LinkedHashMap<>();
    for (Permission p : unused()) {
      unusedOut.put(p.toString(), keptUnused.getOrDefault(p, "NOT JUSTIFIED"));
    }
    out.put("granted", granted.stream().map(Permission::toString).toList());
    out.put("used", usedOut);
    out.put("unused", unusedOut);
    out.put("refused", refused);
    try {
      Files.createDirectories(file.toAbsolutePath().getParent());
      JSON.writerWithDefaultPrettyPrinter().writeValue(file.toFile(), out);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
