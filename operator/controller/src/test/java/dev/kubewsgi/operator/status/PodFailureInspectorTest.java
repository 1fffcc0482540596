package dev.kubewsgi.operator.status;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kubewsgi.operator.Fixtures;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PodFailureInspectorTest {

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource(
      delimiter = '|',
      nullValues = "-",
      value = {
        "init-container-failed | InitContainerFailed | pod shop-7d9c-abcde: init container fetch-assets exited with code 22: curl: (22) The requested URL returned error: 404",
        "import-script-failed  | ImportScriptFailed | pod shop-7d9c-fghij: runtime exited with code 7 (an import script failed): import script warm-caches (application group api), line 2: NameError: name 'jsn' is not defined",
        "crash-loop            | CrashLoopBackOff   | pod shop-7d9c-klmno: container runtime is in CrashLoopBackOff: back-off 2m40s restarting failed container",
        "image-pull            | ImagePullFailed    | pod shop-7d9c-pqrst: container runtime cannot pull image registry.example/shop:9.9.9: Back-off pulling image \"registry.example/shop:9.9.9\"",
        "heap-ran-out          | OutOfMemory        | pod shop-7d9c-heapo: runtime exited with code 3 (the Java heap ran out): Error",
        "oom-killed            | RuntimeFailed      | pod shop-7d9c-oomed: runtime exited with code 137 (killed, often for exceeding its memory limit): OOMKilled",
        "healthy               | -                  | -",
        "pending-unschedulable | Unschedulable      | pod shop-7d9c-zzzzz cannot be scheduled: 0/0 nodes are available",
        "recovered             | -                  | -",
      })
  void findsWhyAPodCannotBecomeReady(String fixture, String reason, String message) {
    Optional<PodFailure> failure = PodFailureInspector.inspect(List.of(Fixtures.pod(fixture)));
    if (reason == null) {
      assertThat(failure).isEmpty();
    } else {
      assertThat(failure).contains(new PodFailure(reason, message));
    }
  }

  @ParameterizedTest(name = "exit {0} -> {1}")
  @CsvSource({
    "1, RuntimeFailed",
    "2, ConfigurationInvalid",
    "3, OutOfMemory",
    "4, ApplicationLoadFailed",
    "5, WarmupFailed",
    "6, StartupTimeout",
    "7, ImportScriptFailed",
    "137, RuntimeFailed"
  })
  void exitCodesOfThePodContract(int exitCode, String reason) {
    assertThat(PodFailureInspector.reasonForExit(exitCode)).isEqualTo(reason);
  }

  @org.junit.jupiter.api.Test
  void aHealthyPodDoesNotHideAFailingOne() {
    assertThat(
            PodFailureInspector.inspect(
                List.of(Fixtures.pod("healthy"), Fixtures.pod("import-script-failed"))))
        .map(PodFailure::reason)
        .contains("ImportScriptFailed");
  }
}
