package dev.kubewsgi.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kubewsgi.runtime.warmup.InterpreterWarmup;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Boot's warm-up runs on threads at nice {@link InterpreterWarmup#BOOT_NICE}, below the compiler
 * threads; the threads that serve afterwards keep the process's priority. Read from the kernel
 * (/proc/self/task), as the runtime runs in this JVM. Linux only, as the product.
 */
class WarmupPriorityGraalPyTest {

  private static final String SERVING = "kubewsgi-%{GLOB";

  @Test
  void bootWarmupRunsAtTheLowestPriorityAndServingThreadsDoNot() throws Exception {
    int processNice = nice(Path.of("/proc/thread-self"));
    // Runtimes of other test classes in this JVM may have left serving threads of the same name.
    Set<String> before = threadsNamed(SERVING).keySet();
    try (RuntimeHarness runtime =
        RuntimeHarness.start(
            "niceness",
            """
            apiVersion: kubewsgi.dev/v1alpha1
            kind: WsgiProcessGroup
            metadata: {name: niceness}
            spec:
              workers: 2
              threads: 2
              applications:
                - {mount: /, script: counter.py}
              warmup:
                requests: [{path: /, count: 3000}]
                untilSettled: false
            """)) {
      Map<String, Integer> warmupThreads = new HashMap<>();
      while (!runtime.bootDone()) {
        warmupThreads.putAll(threadsNamed("kubewsgi-warmup"));
        Thread.sleep(10);
      }
      runtime.awaitBoot();
      assertThat(runtime.get("/").statusCode()).isEqualTo(200);

      assertThat(warmupThreads).as("a warm-up thread per worker, seen while it ran").isNotEmpty();
      assertThat(warmupThreads.values())
          .containsOnly(Math.max(processNice, InterpreterWarmup.BOOT_NICE));
      Map<String, Integer> serving = threadsNamed(SERVING);
      serving.keySet().removeAll(before);
      assertThat(serving).as("this runtime's 2 workers x 2 threads").hasSize(4);
      assertThat(serving.values()).containsOnly(processNice);
    }
  }

  @Test
  void bootWarmupRequestsAreNotCutByTheRequestTimeout() throws Exception {
    // Both warm-up requests take longer than the 1 s request timeout (as starved ones may).
    try (RuntimeHarness runtime =
        RuntimeHarness.start(
            "slow-warmup",
            """
            apiVersion: kubewsgi.dev/v1alpha1
            kind: WsgiProcessGroup
            metadata: {name: slow-warmup}
            spec:
              workers: 1
              applications:
                - {mount: /, script: slow_first.py}
              warmup:
                requests: [{path: /, count: 2}]
                untilSettled: false
              lifecycle:
                requestTimeoutSeconds: 1
            """)) {
      runtime.awaitBoot();
      assertThat(runtime.get("/").statusCode()).isEqualTo(200);
      assertThat(runtime.get("/?sleep=1.5").statusCode())
          .as("a live request is still cut at the request timeout")
          .isEqualTo(504);
    }
  }

  // Thread id -> nice value of this JVM's threads whose name starts with prefix (the kernel keeps
  // a name's first 15 characters).
  private static Map<String, Integer> threadsNamed(String prefix) throws IOException {
    Map<String, Integer> found = new HashMap<>();
    try (Stream<Path> tasks = Files.list(Path.of("/proc/self/task"))) {
      for (Path task : tasks.toList()) {
        try {
          if (Files.readString(task.resolve("comm")).startsWith(prefix)) {
            found.put(task.getFileName().toString(), nice(task));
          }
        } catch (IOException ended) {
          // the thread ended between the listing and the read
        }
      }
    }
    return found;
  }

  // Field 19 of the task's stat.
  private static int nice(Path task) throws IOException {
    String stat = Files.readString(task.resolve("stat"));
    return Integer.parseInt(stat.substring(stat.lastIndexOf(')') + 2).split(" ")[16]);
  }
}
