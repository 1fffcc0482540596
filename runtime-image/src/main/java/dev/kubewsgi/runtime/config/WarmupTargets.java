package dev.kubewsgi.runtime.config;

import dev.kubewsgi.api.spec.WarmupRequestSpec;
import dev.kubewsgi.api.spec.WarmupSpec;
import dev.kubewsgi.api.validation.SpecError;
import dev.kubewsgi.runtime.http.RequestPath;
import java.util.List;

/**
 * What only the runtime can check of declared warm-up paths: that the path is one the runtime
 * serves (not refused before routing, as Apache refuses it) and that it reaches an application.
 */
final class WarmupTargets {

  private WarmupTargets() {}

  static void check(WarmupSpec warmup, List<Application> apps, List<SpecError> problems) {
    List<WarmupRequestSpec> requests =
        warmup.getRequests() == null ? List.of() : warmup.getRequests();
    for (int i = 0; i < requests.size(); i++) {
      String path = requests.get(i).getPath();
      String target = path.split("\\?", 2)[0];
      RequestPath.Refusal refused = RequestPath.refusal(target);
      String decoded = RequestPath.decode(target); // routed as the dispatcher routes it
      String problem =
          refused != null
              ? "answered " + refused.status() + " before routing: " + refused.reason()
              : apps.stream().anyMatch(app -> app.mountIsPrefixOf(decoded))
                  ? null
                  : "no application is mounted at a prefix of \""
                      + path
                      + "\"; mounts are "
                      + Application.byLongestMount(apps).stream().map(Application::mount).toList();
      if (problem != null) {
        problems.add(new SpecError("spec.warmup.requests[" + i + "].path", problem));
      }
    }
  }
}
