package dev.kubewsgi.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;

/**
 * Readiness is 503, naming each interpreter's step, while a slow import script runs, then 200 once
 * the until-settled warm-up has finished.
 */
class ReadinessGraalPyTest {

  @Test
  void readyStays503WhileASlowImportScriptRunsThenTurns200() throws Exception {
    try (RuntimeHarness runtime =
        RuntimeHarness.start(
            "slow",
            """
            apiVersion: kubewsgi.dev/v1alpha1
            kind: WsgiProcessGroup
            metadata: {name: slow}
            spec:
              importScripts:
                - {path: slow_import.py}
              applications:
                - {mount: /, script: sleepy.py}
              warmup:
                requests: [{path: /, count: 3}]
                untilSettled: true
                blockSize: 20
                settleThresholdPercent: 5
                maxRequestsPerWorker: 203
            """)) {
      boolean sawImportStep = false;
      int polls503 = 0;
      // Until boot latches Ready, every probe answers 503; the first 200 ends the loop.
      while (!runtime.bootDone()) {
        HttpResponse<String> ready = runtime.admin("/healthz/ready");
        if (ready.statusCode() == 200) {
          break;
        }
        assertThat(ready.statusCode()).as(ready.body()).isEqualTo(503);
        assertThat(ready.body()).contains("\"ready\" : false");
        polls503++;
        sawImportStep |= ready.body().contains("\"%{GLOBAL}/0\" : \"IMPORT_SCRIPTS\"");
        Thread.sleep(50);
      }
      runtime.awaitBoot();
      assertThat(polls503).isPositive();
      assertThat(sawImportStep).as("a 503 body naming the IMPORT_SCRIPTS step").isTrue();
      HttpResponse<String> ready = runtime.admin("/healthz/ready");
      assertThat(ready.statusCode()).isEqualTo(200);
      assertThat(ready.body()).contains("\"%{GLOBAL}/0\" : \"READY\"");
      assertThat(runtime.get("/").statusCode()).isEqualTo(200);

      // Warm-up ran the declared 3, then blocks of at least 20 (and 250 ms) until settled, which
      // takes a first block and PATIENCE more without a better median, or the 203 bound.
      JsonNode warmup =
          new ObjectMapper()
              .readTree(runtime.admin("/status").body())
              .get("warmup")
              .get("%{GLOBAL}/0");
      long done = warmup.get("done").asLong();
      assertThat(done).isBetween(3L + 4 * 20, 203L);
      assertThat(warmup.get("settled").asBoolean() || done == 203).isTrue();
      assertThat(warmup.get("lastBlockMedianMicros").asDouble()).isPositive();
      // Then the same requests over real HTTP on the bound port, before Ready.
      JsonNode http =
          new ObjectMapper().readTree(runtime.admin("/status").body()).get("warmup").get("http");
      assertThat(http.get("done").asLong()).isPositive();
      if (warmup.get("settled").asBoolean()) {
        assertThat(warmup.get("jitBusyPercent").asDouble()).isLessThan(10.0);
        assertThat(warmup.get("note").asText()).startsWith("settled: block median");
      }
    }
  }
}
