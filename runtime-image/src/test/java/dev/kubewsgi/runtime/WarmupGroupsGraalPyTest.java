package dev.kubewsgi.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

/**
 * Each application group's workers are warmed only with the requests routed to that group's mounts:
 * another group's request would fail in them (its application is not loaded there), so a short
 * declared warm-up with expected statuses must boot; a group no declared request reaches gets the
 * default GET of its own mount.
 */
class WarmupGroupsGraalPyTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void eachGroupIsWarmedWithItsOwnRequestsOnly() throws Exception {
    try (RuntimeHarness runtime =
        RuntimeHarness.start(
            "warmgroups",
            """
            apiVersion: kubewsgi.dev/v1alpha1
            kind: WsgiProcessGroup
            metadata: {name: warmgroups}
            spec:
              workers: 1
              applications:
                - {mount: /a, script: seen.py, applicationGroup: a}
                - {mount: /b, script: seen.py, applicationGroup: b}
                - {mount: /c, script: seen.py, applicationGroup: c}
              warmup:
                untilSettled: false
                requests:
                  - {path: /a/x, count: 7, expectStatus: 200}
                  - {path: /b/y, count: 5, expectStatus: 200}
                  - {path: /a/z, count: 3, expectStatus: 200}
            """)) {
      runtime.awaitBoot();

      // Each group's interpreter saw its own paths (from both passes), never another group's.
      JsonNode a = JSON.readTree(runtime.get("/a/seen").body());
      assertThat(a.fieldNames()).toIterable().containsOnly("GET /a|/x", "GET /a|/z");
      assertThat(a.path("GET /a|/x").asLong()).isGreaterThanOrEqualTo(7);
      JsonNode b = JSON.readTree(runtime.get("/b/seen").body());
      assertThat(b.fieldNames()).toIterable().containsOnly("GET /b|/y");
      JsonNode c = JSON.readTree(runtime.get("/c/seen").body());
      assertThat(c.fieldNames()).toIterable().containsOnly("GET /c|/");
      assertThat(c.path("GET /c|/").asLong()).isGreaterThanOrEqualTo(1000);

      // The interpreter pass per worker: the declared counts of its own requests.
      JsonNode warmup = JSON.readTree(runtime.admin("/status").body()).path("warmup");
      assertThat(warmup.path("a/0").path("done").asLong()).isEqualTo(10);
      assertThat(warmup.path("b/0").path("done").asLong()).isEqualTo(5);
      assertThat(warmup.path("c/0").path("done").asLong()).isEqualTo(1000);
    }
  }
}
