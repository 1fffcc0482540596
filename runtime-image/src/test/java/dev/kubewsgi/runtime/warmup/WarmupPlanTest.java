package dev.kubewsgi.runtime.warmup;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kubewsgi.api.spec.WarmupRequestSpec;
import dev.kubewsgi.api.spec.WarmupSpec;
import dev.kubewsgi.runtime.config.Application;
import dev.kubewsgi.runtime.config.ApplicationGroup;
import dev.kubewsgi.runtime.dispatch.MountTable;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The plan's defaults, read from the API, with no interpreter. */
class WarmupPlanTest {

  private static final List<Application> APPS =
      List.of(
          new Application(0, "/", "app.py", "application", "%{GLOBAL}"),
          new Application(1, "/api", "api.py", "application", "%{GLOBAL}"),
          new Application(2, "/caf\u00e9", "cafe.py", "application", "other"),
          new Application(3, "/api", "api2.py", "application", "other"));

  @Test
  void noWarmupBlockMeansGetOfEveryMountUntilSettled() {
    WarmupPlan plan = WarmupPlan.of(null, APPS);
    assertThat(plan.enabled()).isTrue();
    assertThat(plan.untilSettled()).isTrue();
    assertThat(plan.byDefault()).isTrue();
    assertThat(plan.requests()).extracting(WarmupRequest::method).containsOnly("GET");
    assertThat(plan.requests())
        .extracting(WarmupRequest::target)
        .containsExactly("/", "/api/", "/caf%C3%A9/");
    assertThat(plan.requests())
        .extracting(WarmupRequest::count)
        .containsOnly(WarmupRequestSpec.DEFAULT_COUNT);
    assertThat(plan.blockSize()).isEqualTo(WarmupSpec.DEFAULT_BLOCK_SIZE);
    assertThat(plan.maxRequestsPerWorker()).isEqualTo(WarmupSpec.DEFAULT_MAX_REQUESTS_PER_WORKER);
    assertThat(plan.timeoutSeconds()).isNull();
  }

  @Test
  void defaultRequestsAcceptAnyStatusDeclaredOnesOnlyBelow500() {
    WarmupRequest byDefault = WarmupPlan.of(null, APPS).requests().get(0);
    assertThat(byDefault.accepts(500)).isTrue();
    assertThat(byDefault.accepts(404)).isTrue();
    assertThat(byDefault.field()).isEqualTo("the default warm-up of mount /");

    WarmupSpec spec = new WarmupSpec();
    WarmupRequestSpec declared = new WarmupRequestSpec();
    declared.setPath("/api/items");
    spec.setRequests(List.of(declared));
    WarmupRequest request = WarmupPlan.of(spec, APPS).requests().get(0);
    assertThat(request.accepts(404)).isTrue();
    assertThat(request.accepts(500)).isFalse();
    assertThat(request.field()).isEqualTo("spec.warmup.requests[0]");
  }

  @Test
  void declaredRequestsStillWarmUntilSettledUnlessFixedCountsAreChosen() {
    WarmupSpec spec = new WarmupSpec();
    WarmupRequestSpec post = new WarmupRequestSpec();
    post.setMethod("POST");
    post.setPath("/api/items?x=1");
    post.setHeaders(Map.of("Content-Type", "application/json"));
    post.setBody("ab");
    post.setBodySize(5);
    post.setCount(7);
    post.setExpectStatus(201);
    spec.setRequests(List.of(post));
    WarmupPlan plan = WarmupPlan.of(spec, APPS);
    assertThat(plan.untilSettled()).isTrue();
    assertThat(plan.byDefault()).isFalse();
    WarmupRequest request = plan.requests().get(0);
    assertThat(request.target()).isEqualTo("/api/items?x=1");
    assertThat(new String(request.body())).isEqualTo("ababa");
    assertThat(plan.declaredTotal()).isEqualTo(7);
    assertThat(request.accepts(201)).isTrue();
    assertThat(request.accepts(200)).isFalse();

    spec.setUntilSettled(false);
    assertThat(WarmupPlan.of(spec, APPS).untilSettled()).isFalse();
  }

  @Test
  void eachGroupGetsTheRequestsRoutedToItsMountsOrTheDefaultOfItsOwn() {
    List<Application> apps =
        List.of(
            new Application(0, "/", "app.py", "application", "%{GLOBAL}"),
            new Application(1, "/api", "api.py", "application", "api"),
            new Application(2, "/admin", "admin.py", "application", "admin"));
    MountTable mounts = new MountTable(apps);
    ApplicationGroup global = new ApplicationGroup("%{GLOBAL}", List.of(), apps.subList(0, 1));
    ApplicationGroup api = new ApplicationGroup("api", List.of(), apps.subList(1, 2));
    ApplicationGroup admin = new ApplicationGroup("admin", List.of(), apps.subList(2, 3));

    WarmupPlan byDefault = WarmupPlan.of(null, apps);
    assertThat(byDefault.forGroup(global, mounts).requests())
        .extracting(WarmupRequest::target)
        .containsExactly("/");
    assertThat(byDefault.forGroup(api, mounts).requests())
        .extracting(WarmupRequest::target)
        .containsExactly("/api/");

    WarmupSpec spec = new WarmupSpec();
    spec.setRequests(
        List.of(request("/api/items?x=1"), request("/apix"), request("/api"), request("/")));
    spec.setUntilSettled(false);
    WarmupPlan declared = WarmupPlan.of(spec, apps);
    WarmupPlan forApi = declared.forGroup(api, mounts);
    assertThat(forApi.requests())
        .extracting(WarmupRequest::target)
        .containsExactly("/api/items?x=1", "/api");
    assertThat(forApi.untilSettled()).isFalse();
    assertThat(declared.forGroup(global, mounts).requests())
        .extracting(WarmupRequest::target)
        .containsExactly("/apix", "/");
    // No declared request reaches /admin: its workers get the default GET of their mount.
    WarmupPlan forAdmin = declared.forGroup(admin, mounts);
    assertThat(forAdmin.requests()).extracting(WarmupRequest::target).containsExactly("/admin/");
    assertThat(forAdmin.byDefault()).isTrue();
  }

  private static WarmupRequestSpec request(String path) {
    WarmupRequestSpec request = new WarmupRequestSpec();
    request.setPath(path);
    return request;
  }

  @Test
  void offOnlyWhenSaidSo() {
    WarmupSpec spec = new WarmupSpec();
    spec.setEnabled(null);
    assertThat(WarmupPlan.of(spec, APPS).enabled()).isTrue();
    spec.setEnabled(false);
    WarmupPlan off = WarmupPlan.of(spec, APPS);
    assertThat(off.enabled()).isFalse();
    assertThat(off.isEmpty()).isTrue();
  }
}
