package dev.kubewsgi.e2e.report;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.kubewsgi.e2e.report.RbacUsage.Permission;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Audit events (the API server's JSON lines, trimmed to the fields read) against a role. */
class RbacUsageTest {

  private static final String SA = "system:serviceaccount:kubewsgi-system:kubewsgi";

  @TempDir Path dir;

  private static String event(String user, String verb, String ref, int code, String decision) {
    return "{\"kind\":\"Event\",\"apiVersion\":\"audit.k8s.io/v1\",\"level\":\"Metadata\","
        + "\"stage\":\"ResponseComplete\",\"verb\":\""
        + verb
        + "\",\"user\":{\"username\":\""
        + user
        + "\"},"
        + (ref == null ? "" : "\"objectRef\":" + ref + ",")
        + "\"responseStatus\":{\"metadata\":{},\"code\":"
        + code
        + "},\"annotations\":{\"authorization.k8s.io/decision\":\""
        + decision
        + "\"}}";
  }

  @Test
  void countsUsedVerbsFindsUnusedOnesAndRefusals() throws Exception {
    List<JsonNode> rules =
        List.of(
            new ObjectMapper()
                .readTree(
                    "{\"apiGroups\":[\"apps\"],\"resources\":[\"deployments\"],"
                        + "\"verbs\":[\"list\",\"watch\",\"patch\",\"update\"]}"),
            new ObjectMapper()
                .readTree(
                    "{\"apiGroups\":[\"kubewsgi.dev\"],\"resources\":[\"wsgiprocessgroups/status\"],"
                        + "\"verbs\":[\"patch\"]}"));
    String deployments =
        "{\"resource\":\"deployments\",\"namespace\":\"shop\",\"apiGroup\":\"apps\"}";
    Stream<String> lines =
        Stream.of(
            event(SA, "list", deployments, 200, "allow"),
            event(SA, "watch", deployments, 101, "allow"),
            event(SA, "patch", deployments, 200, "allow"),
            event(SA, "patch", deployments, 409, "allow"),
            event(
                SA,
                "patch",
                "{\"resource\":\"wsgiprocessgroups\",\"subresource\":\"status\","
                    + "\"apiGroup\":\"kubewsgi.dev\",\"name\":\"shop\",\"namespace\":\"shop\"}",
                200,
                "allow"),
            event(SA, "get", null, 200, "allow"), // discovery: no objectRef
            event("system:serviceaccount:other:x", "update", deployments, 200, "allow"),
            event(SA, "delete", "{\"resource\":\"secrets\",\"namespace\":\"shop\"}", 403, "forbid"),
            "");

    RbacUsage usage = RbacUsage.of(rules, lines, SA);

    assertThat(usage.used())
        .containsEntry(new Permission("apps", "deployments", "patch"), 2L)
        .containsEntry(new Permission("kubewsgi.dev", "wsgiprocessgroups/status", "patch"), 1L)
        .doesNotContainKey(new Permission("", "secrets", "delete"));
    assertThat(usage.unused()).containsExactly(new Permission("apps", "deployments", "update"));
    assertThat(usage.refused()).singleElement().asString().startsWith("core/secrets delete shop/");

    Path report = dir.resolve("rbac-report.json");
    usage.write(report, Map.of());
    JsonNode written = new ObjectMapper().readTree(Files.readString(report));
    assertThat(written.path("unused").path("apps/deployments update").asText())
        .isEqualTo("NOT JUSTIFIED");
    assertThat(written.path("used").path("apps/deployments list").asLong()).isEqualTo(1);
  }
}
