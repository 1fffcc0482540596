package dev.kubewsgi.runtime.config;

import dev.kubewsgi.api.spec.AccessLogSpec;
import dev.kubewsgi.api.spec.LifecycleSpec;
import dev.kubewsgi.api.spec.RequestLimitsSpec;
import dev.kubewsgi.api.spec.TrustedProxiesSpec;
import dev.kubewsgi.api.spec.WarmupSpec;
import java.nio.file.Path;
import java.util.List;

/**
 * A validated {@code WsgiProcessGroup} as the runtime serves it: paths resolved, application groups
 * collected, and every optional sub-spec present (null in the document means all defaults).
 *
 * @param home the workers' working directory, or null: the process's
 */
public record RuntimeConfig(
    String name,
    Path file,
    int workers,
    int threads,
    List<String> pythonPath,
    String pythonHome,
    Path home,
    List<Application> applications,
    List<StaticDirectory> staticFiles,
    List<ImportScript> importScripts,
    List<ApplicationGroup> groups,
    WarmupSpec warmup,
    LifecycleSpec lifecycle,
    RequestLimitsSpec limits,
    TrustedProxiesSpec trustedProxies,
    AccessLogSpec accessLog) {}
