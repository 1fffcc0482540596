package dev.kubewsgi.runtime.warmup;

import dev.kubewsgi.api.spec.WarmupRequestSpec;
import dev.kubewsgi.api.spec.WarmupSpec;
import dev.kubewsgi.runtime.config.Application;
import dev.kubewsgi.runtime.config.ApplicationGroup;
import dev.kubewsgi.runtime.dispatch.MountTable;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The warm-up a resource asks for, with the API's defaults filled in: on unless {@code enabled} is
 * false; the declared requests, or a GET of every mount when none are declared; until settled
 * unless {@code untilSettled} is false. Every pass reads this, never the spec.
 *
 * @param timeoutSeconds the warm-up's own bound, or null: what is left of the start-up timeout
 */
public record WarmupPlan(
    boolean enabled,
    List<WarmupRequest> requests,
    boolean untilSettled,
    int blockSize,
    int settleThresholdPercent,
    long maxRequestsPerWorker,
    Integer timeoutSeconds) {

  private static final Logger log = LoggerFactory.getLogger(WarmupPlan.class);
  // Pattern scripts whose default warm-up was logged: once each, not once per worker.
  private static final Set<String> REPORTED = ConcurrentHashMap.newKeySet();

  /** What {@code /status} and the log say when warm-up is off. */
  public static final String DISABLED_NOTE =
      "Ready without warm-up: spec.warmup.enabled is false, so the first requests meet interpreters"
          + " the JIT has not compiled";

  /** The plan for {@code spec} (null: all defaults) over the mounted {@code applications}. */
  public static WarmupPlan of(WarmupSpec spec, List<Application> applications) {
    WarmupSpec s = spec != null ? spec : new WarmupSpec();
    boolean declared = s.getRequests() != null && !s.getRequests().isEmpty();
    List<WarmupRequest> requests = declared ? declared(s.getRequests()) : defaults(applications);
    return new WarmupPlan(
        s.enabled(),
        List.copyOf(requests),
        s.untilSettled(),
        s.getBlockSize() != null ? s.getBlockSize() : WarmupSpec.DEFAULT_BLOCK_SIZE,
        s.getSettleThresholdPercent() != null
            ? s.getSettleThresholdPercent()
            : WarmupSpec.DEFAULT_SETTLE_THRESHOLD_PERCENT,
        s.getMaxRequestsPerWorker() != null
            ? s.getMaxRequestsPerWorker()
            : WarmupSpec.DEFAULT_MAX_REQUESTS_PER_WORKER,
        s.getTimeoutSeconds());
  }

  /**
   * This plan for the workers of {@code group}: only the requests {@code mounts} routes to one of
   * its applications, since a worker holds only its own group's (another's request fails there). A
   * group no declared request reaches gets the default GET of each of its own mounts.
   */
  public WarmupPlan forGroup(ApplicationGroup group, MountTable mounts) {
    List<WarmupRequest> mine =
        requests.stream().filter(r -> routesTo(r, group.name(), mounts)).toList();
    if (mine.isEmpty() && !byDefault()) {
      mine = defaults(group.applications());
    }
    return new WarmupPlan(
        enabled,
        List.copyOf(mine),
        untilSettled,
        blockSize,
        settleThresholdPercent,
        maxRequestsPerWorker,
        timeoutSeconds);
  }

  private static boolean routesTo(WarmupRequest request, String group, MountTable mounts) {
    String target = request.target();
    int query = target.indexOf('?');
    MountTable.Route route =
        mounts.match(MountTable.decodePath(query < 0 ? target : target.substring(0, query)));
    return route != null && route.application().group().equals(group);
  }

  /** Whether the requests are the default ones (no {@code spec.warmup.requests}). */
  public boolean byDefault() {
    return requests.stream().noneMatch(WarmupRequest::declared);
  }

  /** The declared counts, summed: the whole of a fixed warm-up, the first pass of a settled one. */
  public long declaredTotal() {
    return requests.stream().mapToLong(WarmupRequest::count).sum();
  }

  /** Nothing to run: warm-up off, or no request at all (no application mounted). */
  public boolean isEmpty() {
    return !enabled || requests.isEmpty();
  }

  private static List<WarmupRequest> declared(List<WarmupRequestSpec> specs) {
    List<WarmupRequest> out = new ArrayList<>();
    for (int i = 0; i < specs.size(); i++) {
      WarmupRequestSpec r = specs.get(i);
      byte[] body = body(r);
      out.add(
          new WarmupRequest(
              "spec.warmup.requests[" + i + "]",
              r.getMethod() != null ? r.getMethod() : WarmupRequestSpec.DEFAULT_METHOD,
              r.getPath(),
              ClientHeaders.headerSets(
                  r.getHeaders() != null ? r.getHeaders() : Map.of(), body.length),
              body,
              r.getCount() != null ? r.getCount() : WarmupRequestSpec.DEFAULT_COUNT,
              r.getExpectStatus(),
              true));
    }
    return out;
  }

  // One GET per distinct mount: the path under the mount that a browser asks for first. For each
  // script of a mountPattern application, a path built from the pattern (MountPattern.warmupPath)
  // when it has the simple form, else none: a warning says only declared requests warm it.
  private static List<WarmupRequest> defaults(List<Application> applications) {
    Map<String, String> targets = new LinkedHashMap<>();
    for (Application a : applications) {
      if (a.pattern() == null) {
        targets.putIfAbsent(
            a.mount().endsWith("/") ? a.mount() : a.mount() + "/", "mount " + a.mount());
        continue;
      }
      String path = a.pattern().warmupPath(a.script());
      if (path != null) {
        targets.putIfAbsent(path, a.script() + " (mountPattern " + a.mount() + ") through " + path);
      }
      if (REPORTED.add(a.script())) {
        if (path != null) {
          log.info("default warm-up of {} (mountPattern {}): GET {}", a.script(), a.mount(), path);
        } else {
          log.warn(
              "{} ({}.mountPattern {}) gets no default warm-up: no request path can be built from"
                  + " the pattern; it is warmed only by declared spec.warmup.requests",
              a.script(),
              a.field(),
              a.mount());
        }
      }
    }
    List<WarmupRequest> out = new ArrayList<>();
    targets.forEach(
        (path, what) ->
            out.add(
                new WarmupRequest(
                    "the default warm-up of " + what,
                    WarmupRequestSpec.DEFAULT_METHOD,
                    encode(path),
                    ClientHeaders.headerSets(Map.of(), 0),
                    new byte[0],
                    WarmupRequestSpec.DEFAULT_COUNT,
                    null,
                    false)));
    return out;
  }

  /** A declared body: body as UTF-8, repeated (or "x" when unset) to bodySize bytes if set. */
  static byte[] body(WarmupRequestSpec request) {
    byte[] body =
        request.getBody() == null
            ? new byte[0]
            : request.getBody().getBytes(StandardCharsets.UTF_8);
    if (request.getBodySize() == null) {
      return body;
    }
    byte[] fill = body.length == 0 ? new byte[] {'x'} : body;
    byte[] sized = new byte[request.getBodySize()];
    for (int at = 0; at < sized.length; at += fill.length) {
      System.arraycopy(fill, 0, sized, at, Math.min(fill.length, sized.length - at));
    }
    return sized;
  }

  // A mount is validated to have no whitespace, '?' or '#'; anything else outside ASCII's safe
  // path characters is percent-encoded so the request line stays valid.
  private static String encode(String path) {
    StringBuilder out = new StringBuilder();
    for (byte b : path.getBytes(StandardCharsets.UTF_8)) {
      int c = b & 0xff;
      if (c > 0x20 && c < 0x7f && c != '%') {
        out.append((char) c);
      } else {
        out.append('%')
            .append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
            .append(Character.toUpperCase(Character.forDigit(c & 0xf, 16)));
      }
    }
    return out.toString();
  }
}
