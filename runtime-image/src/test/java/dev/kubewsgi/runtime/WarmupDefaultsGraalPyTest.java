package dev.kubewsgi.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

/**
 * Warm by default, on a real GraalPy: a resource that declares no warm-up requests warms each mount
 * with GET until settled; turning warm-up off is explicit, and /status says Ready came without it.
 */
class WarmupDefaultsGraalPyTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  private static String resource(String warmup) {
    return """
        apiVersion: kubewsgi.dev/v1alpha1
        kind: WsgiProcessGroup
        metadata: {name: defaults}
        spec:
          workers: 1
          applications:
            - {mount: /, script: seen.py}
            - {mount: /api, script: seen.py}
        """
        + warmup;
  }

  @Test
  void withoutDeclaredRequestsEveryMountIsWarmedWithGetUntilSettled() throws Exception {
    // Only the count bound is set, so the test ends in seconds; what runs is the default plan.
    try (RuntimeHarness runtime =
        RuntimeHarness.start("defaults", resource("  warmup: {maxRequestsPerWorker: 4000}\n"))) {
      runtime.awaitBoot();
      JsonNode seen = JSON.readTree(runtime.get("/seen").body());
      // Both mounts, under their SCRIPT_NAME, with PATH_INFO "/": the default count (1,000 each)
      // in the interpreter, then blocks until the bound, then the HTTP pass.
      assertThat(seen.path("GET |/").asLong()).isGreaterThanOrEqualTo(1000);
      assertThat(seen.path("GET /api|/").asLong()).isGreaterThanOrEqualTo(1000);
      assertThat(seen.size()).as(seen.toString()).isEqualTo(2);

      JsonNode status = JSON.readTree(runtime.admin("/status").body());
      JsonNode worker = status.path("warmup").path("%{GLOBAL}/0");
      // Until settled by default: past the declared counts into blocks, up to the bound.
      assertThat(worker.path("done").asLong()).isBetween(2000L + 1, 4000L);
      assertThat(worker.path("note").asText())
          .matches("settled: .*|stopped at maxRequestsPerWorker=4000");
      assertThat(status.path("warmup").path("http").path("done").asLong()).isPositive();
      assertThat(status.path("readyWithoutWarmup").asBoolean()).isFalse();
    }
  }

  @Test
  void warmupOffIsExplicitAndStatusSaysReadyWithoutWarmup() throws Exception {
    try (RuntimeHarness runtime =
        RuntimeHarness.start("off", resource("  warmup: {enabled: false}\n"))) {
      runtime.awaitBoot();
      assertThat(runtime.admin("/healthz/ready").statusCode()).isEqualTo(200);
      assertThat(JSON.readTree(runtime.get("/seen").body()).size())
          .as("no request before Ready")
          .isZero();

      JsonNode status = JSON.readTree(runtime.admin("/status").body());
      assertThat(status.path("readyWithoutWarmup").asBoolean()).isTrue();
      JsonNode worker = status.path("warmup").path("%{GLOBAL}/0");
      assertThat(worker.path("done").asLong()).isZero();
      assertThat(worker.path("note").asText()).startsWith("Ready without warm-up");
      assertThat(status.path("warmup").has("http")).isFalse();
    }
  }
}
