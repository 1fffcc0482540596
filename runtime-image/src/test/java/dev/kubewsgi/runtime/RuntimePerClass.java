package dev.kubewsgi.runtime;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;

/**
 * A test class (often a {@code @Nested} one) that boots one runtime from {@link #yaml()} and shares
 * it between its tests.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class RuntimePerClass {

  RuntimeHarness runtime;

  /** The resource's name; also the file name of the YAML written for it. */
  abstract String name();

  /** The WsgiProcessGroup document. */
  abstract String yaml();

  /**
   * A one-application resource ({@code script} at {@code mount}) named {@link #name()}, with {@code
   * moreSpec} appended under spec.
   */
  String resource(String mount, String script, String moreSpec) {
    return """
        apiVersion: kubewsgi.dev/v1alpha1
        kind: WsgiProcessGroup
        metadata: {name: %s}
        spec:
          applications:
            - {mount: %s, script: %s}
        %s
        """
        .formatted(name(), mount, script, moreSpec.indent(2));
  }

  @BeforeAll
  void boot() throws Exception {
    runtime = RuntimeHarness.start(name(), yaml());
    runtime.awaitBoot();
  }

  @AfterAll
  void stop() {
    runtime.close();
  }
}
