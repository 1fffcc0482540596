package dev.kubewsgi.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * A warm-up request's bodySize reaches the application as that many bytes, its body repeated, both
 * from the in-process warm-up and from the HTTP pass on the bound port; a plain body is sent as is.
 */
class WarmupBodyGraalPyTest {

  @Test
  void bodySizeRepeatsTheBodyToThatManyBytes() throws Exception {
    try (RuntimeHarness runtime =
        RuntimeHarness.start(
            "bodysize",
            """
            apiVersion: kubewsgi.dev/v1alpha1
            kind: WsgiProcessGroup
            metadata: {name: bodysize}
            spec:
              workers: 1
              applications:
                - {mount: /, script: bodysize.py}
              warmup:
                untilSettled: false
                requests:
                  - {method: POST, path: /, body: "ab", bodySize: 300001, count: 3, expectStatus: 204}
                  - {method: POST, path: /, bodySize: 70000, count: 3, expectStatus: 204}
                  - {method: POST, path: /, body: "hello", count: 3, expectStatus: 204}
            """)) {
      runtime.awaitBoot();
      assertThat(runtime.get("/seen").body())
          .isEqualTo("[[5, \"hello\"], [70000, \"xxxxxx\"], [300001, \"ababab\"]]");
    }
  }
}
