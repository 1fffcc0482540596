package dev.kubewsgi.runtime;

import dev.kubewsgi.runtime.accesslog.AccessLog;
import dev.kubewsgi.runtime.admin.AdminServer;
import dev.kubewsgi.runtime.admin.ReadinessState;
import dev.kubewsgi.runtime.admin.RuntimeStatus;
import dev.kubewsgi.runtime.boot.Bootstrap;
import dev.kubewsgi.runtime.boot.RuntimeAssembly;
import dev.kubewsgi.runtime.config.ConfigException;
import dev.kubewsgi.runtime.config.ConfigLoader;
import dev.kubewsgi.runtime.config.RuntimeConfig;
import dev.kubewsgi.runtime.config.RuntimeSettings;
import dev.kubewsgi.runtime.lifecycle.Supervisor;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * A real runtime in the test JVM, as {@link Main} assembles it: admin port first, then boot, both
 * on port 0. Fixture scripts resolve against src/test/resources/fixtureapps.
 */
final class RuntimeHarness implements AutoCloseable {

  final ReadinessState readiness = new ReadinessState();
  final RuntimeStatus status = new RuntimeStatus();
  final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  final RuntimeConfig config;
  final AdminServer admin;
  final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
  // The access log goes here instead of stdout (ByteArrayOutputStream is synchronized).
  final ByteArrayOutputStream accessLogOut = new ByteArrayOutputStream();
  final AccessLog accessLog;
  private final CompletableFuture<Supervisor> booted;

  private RuntimeHarness(RuntimeConfig config) throws InterruptedException {
    this.config = config;
    this.admin =
        AdminServer.start(new InetSocketAddress("127.0.0.1", 0), readiness, status, registry);
    RuntimeSettings settings =
        new RuntimeSettings(config.file(), "127.0.0.1", 0, 0, false, cacheDir(), null, "test-pod");
    Bootstrap bootstrap = new Bootstrap(config, settings, readiness, status);
    this.accessLog = AccessLog.of(config.accessLog(), accessLogOut);
    this.booted =
        CompletableFuture.supplyAsync(
            () -> {
              try {
                return bootstrap.boot(
                    RuntimeAssembly.of(config, settings, readiness, status, registry, accessLog));
              } catch (BootFailure e) {
                throw new BootFailureWrapper(e);
              }
            },
            r -> Thread.ofPlatform().name("test-boot").start(r));
  }

  /** Loads {@code yaml} (written next to the fixture apps) and starts booting in the background. */
  static RuntimeHarness start(String name, String yaml) throws Exception {
    return new RuntimeHarness(load(name, yaml));
  }

  static RuntimeConfig load(String name, String yaml) throws IOException, ConfigException {
    Path dir = Files.createTempDirectory("kubewsgi-test-");
    Path file = dir.resolve(name + ".yaml");
    Files.writeString(file, yaml);
    return new ConfigLoader(fixtures()).load(file);
  }

  static Path fixtures() {
    try {
      return Path.of(RuntimeHarness.class.getResource("/fixtureapps").toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  static Path cacheDir() {
    return Path.of(System.getProperty("kubewsgi.cacheDir", "target/test-cache"));
  }

  /** Waits for boot to end; rethrows its failure. */
  Supervisor awaitBoot() throws BootFailure, InterruptedException {
    try {
      return booted.get();
    } catch (java.util.concurrent.ExecutionException e) {
      if (e.getCause() instanceof BootFailureWrapper w) {
        throw w.failure;
      }
      throw new IllegalStateException(e.getCause());
    }
  }

  /** The access log's lines so far, waiting up to 5 s for at least {@code atLeast} of them. */
  List<String> accessLogLines(int atLeast) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
    while (true) {
      String text = accessLogOut.toString(StandardCharsets.US_ASCII);
      List<String> lines = text.isEmpty() ? List.of() : List.of(text.split("\n"));
      if (lines.size() >= atLeast || System.nanoTime() > deadline) {
        return lines;
      }
      Thread.sleep(20);
    }
  }

  boolean bootDone() {
    return booted.isDone();
  }

  int port() throws Exception {
    return awaitBoot().port();
  }

  HttpResponse<String> get(String path) throws Exception {
    return send(HttpRequest.newBuilder(app(path)).GET().build());
  }

  HttpResponse<String> send(HttpRequest request) throws IOException, InterruptedException {
    return client.send(request, HttpResponse.BodyHandlers.ofString());
  }

  URI app(String path) throws Exception {
    return URI.create("http://127.0.0.1:" + port() + path);
  }

  HttpResponse<String> admin(String path) throws IOException, InterruptedException {
    return client.send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + admin.port() + path)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  @Override
  public void close() {
    try {
      if (!booted.isCompletedExceptionally()) {
        booted.get().close();
      }
    } catch (Exception e) {
      // boot failed: nothing is serving
    }
    admin.close();
    accessLog.close();
  }

  private static final class BootFailureWrapper extends RuntimeException {
    final BootFailure failure;

    BootFailureWrapper(BootFailure failure) {
      super(failure);
      this.failure = failure;
    }
  }
}
