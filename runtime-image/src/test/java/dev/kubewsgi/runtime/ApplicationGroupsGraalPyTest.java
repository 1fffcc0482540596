package dev.kubewsgi.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Application groups are isolated interpreters, and import scripts run in declaration order in
 * each.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ApplicationGroupsGraalPyTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private RuntimeHarness runtime;

  @BeforeAll
  void boot() throws Exception {
    runtime =
        RuntimeHarness.start(
            "groups",
            """
            apiVersion: kubewsgi.dev/v1alpha1
            kind: WsgiProcessGroup
            metadata: {name: groups}
            spec:
              workers: 2
              importScripts:
                - {path: order_first.py, applicationGroup: a}
                - applicationGroup: b
                  name: inline-b
                  source: |
                    import builtins
                    builtins.ORDER = getattr(builtins, "ORDER", []) + ["inline-b"]
                - {path: order_second.py, applicationGroup: a}
                - {path: mark_a.py, applicationGroup: a}
              applications:
                - {mount: /a, script: groupinfo.py, applicationGroup: a}
                - {mount: /b, script: groupinfo.py, applicationGroup: b}
                - {mount: /a/native, script: native.py, applicationGroup: a}
                - {mount: /b/native, script: native.py, applicationGroup: b}
              # The default requests (a GET of each mount), at their default count, not until settled.
              warmup: {untilSettled: false}
            """);
    runtime.awaitBoot();
  }

  @AfterAll
  void stop() {
    runtime.close();
  }

  @Test
  void importScriptsRunInDeclarationOrderInTheirGroup() throws Exception {
    for (int i = 0; i < 6; i++) {
      JsonNode a = JSON.readTree(runtime.get("/a").body());
      assertThat(a.get("order").toString()).isEqualTo("[\"first\",\"second\"]");
      JsonNode b = JSON.readTree(runtime.get("/b").body());
      assertThat(b.get("order").toString()).isEqualTo("[\"inline-b\"]");
    }
  }

  @Test
  void environNamesTheApplicationGroupAndTheProcessGroupAsModWsgiDoes() throws Exception {
    for (String group : new String[] {"a", "b"}) {
      JsonNode info = JSON.readTree(runtime.get("/" + group).body());
      assertThat(info.get("application_group").asText()).isEqualTo(group);
      assertThat(info.get("process_group").asText()).isEqualTo("groups");
    }
  }

  @Test
  void aGlobalSetInGroupAIsNotVisibleInGroupB() throws Exception {
    assertThat(JSON.readTree(runtime.get("/a").body()).get("mark").asText())
        .isEqualTo("set by group a");
    assertThat(JSON.readTree(runtime.get("/b").body()).get("mark").isNull()).isTrue();
  }

  @Test
  void aNativeModuleLoadsInEveryContextOfEveryGroup() throws Exception {
    for (String path : new String[] {"/a/native", "/b/native"}) {
      HttpResponse<String> response = runtime.get(path);
      assertThat(response.statusCode()).isEqualTo(200);
      assertThat(response.body()).isEqualTo("LATIN SMALL LETTER E WITH ACUTE");
    }
  }

  @Test
  void everyWorkerOfEveryGroupIsReadyAndStatusListsScriptsWithDurations() throws Exception {
    HttpResponse<String> ready = runtime.admin("/healthz/ready");
    assertThat(ready.statusCode()).isEqualTo(200);
    JsonNode interpreters = JSON.readTree(ready.body()).get("interpreters");
    assertThat(interpreters.size()).isEqualTo(4);
    interpreters.forEach(step -> assertThat(step.asText()).isEqualTo("READY"));

    JsonNode status = JSON.readTree(runtime.admin("/status").body());
    int importScripts = 0;
    for (JsonNode run : status.get("scripts")) {
      assertThat(run.get("durationMillis").asLong()).isNotNegative();
      assertThat(run.get("error").isNull()).isTrue();
      if (run.get("kind").asText().equals("importScript")) {
        importScripts++;
      }
    }
    // Group a: 3 scripts x 2 workers; group b: 1 script x 2 workers.
    assertThat(importScripts).isEqualTo(8);
    assertThat(status.get("groups").size()).isEqualTo(2);
  }
}
