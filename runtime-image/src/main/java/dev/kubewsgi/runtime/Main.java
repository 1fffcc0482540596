package dev.kubewsgi.runtime;

import dev.kubewsgi.api.ExitCode;
import dev.kubewsgi.runtime.accesslog.AccessLog;
import dev.kubewsgi.runtime.admin.AdminServer;
import dev.kubewsgi.runtime.admin.ReadinessState;
import dev.kubewsgi.runtime.admin.RuntimeStatus;
import dev.kubewsgi.runtime.boot.Bootstrap;
import dev.kubewsgi.runtime.boot.CheckMode;
import dev.kubewsgi.runtime.boot.RuntimeAssembly;
import dev.kubewsgi.runtime.config.ConfigException;
import dev.kubewsgi.runtime.config.ConfigLoader;
import dev.kubewsgi.runtime.config.RuntimeConfig;
import dev.kubewsgi.runtime.config.RuntimeSettings;
import dev.kubewsgi.runtime.lifecycle.Drain;
import dev.kubewsgi.runtime.lifecycle.Supervisor;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import sun.misc.Signal;

/**
 * {@code kubewsgi run FILE.yaml [--port N] [--admin-port N] [--check]}: the runtime's entry point.
 */
public final class Main {

  private static final Logger log = LoggerFactory.getLogger(Main.class);

  private Main() {}

  public static void main(String[] args) {
    System.exit(run(args).code());
  }

  static ExitCode run(String[] args) {
    RuntimeSettings settings;
    try {
      settings = RuntimeSettings.parse(args, System.getenv());
    } catch (IllegalArgumentException e) {
      System.err.println("kubewsgi: " + e.getMessage());
      return ExitCode.CONFIGURATION_INVALID;
    }
    prepareCache(settings.cacheDir());
    RuntimeConfig config;
    try {
      config = new ConfigLoader().load(settings.resourceFile());
    } catch (ConfigException e) {
      System.err.println(e.getMessage());
      TerminationMessage.write(settings.terminationLog(), e.getMessage());
      return ExitCode.CONFIGURATION_INVALID;
    }
    if (settings.check()) {
      return CheckMode.run(config, settings.cacheDir(), System.out, System.err);
    }
    return serve(config, settings);
  }

  private static ExitCode serve(RuntimeConfig config, RuntimeSettings settings) {
    ReadinessState readiness = new ReadinessState();
    RuntimeStatus status = new RuntimeStatus();
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    new JvmMemoryMetrics().bindTo(registry);
    new JvmGcMetrics().bindTo(registry);
    Gauge.builder("kubewsgi.ready", readiness, r -> r.ready() ? 1 : 0)
        .description("1 when every interpreter is started, preloaded and warm, and not draining")
        .register(registry);
    // The application port opens only at Ready; find out now, not after boot, that it is taken.
    if (settings.port() != 0) {
      try (ServerSocket probe = new ServerSocket()) {
        probe.setReuseAddress(true);
        probe.bind(new InetSocketAddress(settings.host(), settings.port()));
      } catch (IOException e) {
        System.err.println(
            "kubewsgi: cannot listen on "
                + settings.host()
                + ":"
                + settings.port()
                + " ("
                + e.getMessage()
                + "); pass --port with a free port");
        return ExitCode.UNEXPECTED;
      }
    }
    AdminServer admin;
    try {
      admin =
          AdminServer.start(
              new InetSocketAddress(settings.host(), settings.adminPort()),
              readiness,
              status,
              registry);
    } catch (InterruptedException | RuntimeException e) {
      System.err.println("kubewsgi: cannot open the admin port " + settings.adminPort() + ": " + e);
      return ExitCode.UNEXPECTED;
    }
    log.info("admin port {}: /healthz/live /healthz/ready /status /metrics", admin.port());

    // SIGTERM drains as the pod contract says; Ctrl-C in a local run drains without the delay.
    // Before boot has finished there is nothing to drain: stop at once.
    CountDownLatch stop = new CountDownLatch(1);
    AtomicBoolean serving = new AtomicBoolean();
    Duration[] delay = new Duration[1];
    for (String name : new String[] {"TERM", "INT"}) {
      Signal.handle(
          new Signal(name),
          s -> {
            if (!serving.get()) {
              log.info("SIG{} during boot: stopping", name);
              System.exit(ExitCode.OK.code());
            }
            delay[0] = name.equals("INT") ? Duration.ZERO : null;
            stop.countDown();
          });
    }

    // The runtime's own log lines share stdout; both go through System.out's lock, line by line.
    AccessLog accessLog = AccessLog.of(config.accessLog(), System.out);
    Supervisor supervisor;
    try {
      RuntimeAssembly runtime =
          RuntimeAssembly.of(config, settings, readiness, status, registry, accessLog);
      supervisor = new Bootstrap(config, settings, readiness, status).boot(runtime);
    } catch (BootFailure e) {
      String cause = e.getMessage();
      log.error(
          "boot failed (exit code {} {}): {}{}",
          e.exitCode().code(),
          e.exitCode(),
          cause,
          e.traceback().isEmpty() ? "" : "\n" + e.traceback());
      status.error(new RuntimeStatus.BootError(e.exitCode().name(), cause, e.traceback()));
      TerminationMessage.write(settings.terminationLog(), cause);
      admin.close();
      return e.exitCode();
    }
    Drain drain = new Drain(supervisor, readiness);
    serving.set(true);
    try {
      stop.await();
      drain.run(delay[0] != null ? delay[0] : drain.declaredDelay());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      admin.close();
      accessLog.close();
    }
    log.info("stopped");
    return ExitCode.OK;
  }

  // GraalPy unpacks its language home under the user resource cache: put it in the writable cache
  // dir.
  private static void prepareCache(Path cacheDir) {
    try {
      Files.createDirectories(cacheDir);
    } catch (Exception e) {
      System.err.println("kubewsgi: cannot create the cache directory " + cacheDir + ": " + e);
    }
    if (System.getProperty("polyglot.engine.userResourceCache") == null) {
      System.setProperty(
          "polyglot.engine.userResourceCache", cacheDir.resolve("resources").toString());
    }
  }
}
