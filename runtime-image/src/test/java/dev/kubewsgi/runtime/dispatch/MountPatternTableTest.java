package dev.kubewsgi.runtime.dispatch;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kubewsgi.runtime.config.Application;
import dev.kubewsgi.runtime.config.MountPattern;
import dev.kubewsgi.runtime.warmup.WarmupPlan;
import dev.kubewsgi.runtime.warmup.WarmupRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code mountPattern} without an interpreter: which files a template names, how a path is routed
 * against mounts and patterns, and the default warm-up's paths.
 */
class MountPatternTableTest {

  @TempDir Path dir;

  private List<Application> expanded(int index, MountPattern pattern) throws Exception {
    List<Application> apps = new ArrayList<>();
    for (String script : pattern.expand()) {
      apps.add(
          new Application(
              index,
              10 + apps.size(),
              pattern.source(),
              pattern,
              script,
              null,
              "application",
              "g",
              null));
    }
    return apps;
  }

  private String file(String relative) throws Exception {
    Path p = dir.resolve(relative);
    Files.createDirectories(p.getParent());
    Files.writeString(p, "");
    return p.toString();
  }

  @Test
  void eachDollarStandsForTextWithinOneSegment() throws Exception {
    String a = file("a/app.wsgi");
    String b = file("b/app.wsgi");
    file("c/d/app.wsgi"); // two segments under $1: not named
    Files.createDirectories(dir.resolve("e/app.wsgi")); // a directory, not a file
    file("f/other.wsgi");
    MountPattern p = MountPattern.compile("^/(\\w+)", dir + "/$1/app.wsgi", "f");
    assertThat(p.expand()).containsExactly(a, b);

    String same = file("x/x.py");
    file("x/y.py"); // $1 twice must be the same text
    assertThat(MountPattern.compile("/(\\w+)", dir + "/$1/$1.py", "f").expand())
        .containsExactly(same);
  }

  @Test
  void theLongestMatchWinsAndAPatternNamingNoScriptIsNotRouted() throws Exception {
    String alpha = file("sites/alpha.wsgi");
    file("sites/beta.wsgi");
    MountPattern p = MountPattern.compile("^/sites/([^/]+)", dir + "/sites/$1.wsgi", "f");
    List<Application> apps = new ArrayList<>();
    apps.add(new Application(0, "/", "root.py", "application", "g"));
    apps.add(new Application(1, "/sites/beta", "beta-exact.py", "application", "g"));
    apps.addAll(expanded(2, p));
    MountTable table = new MountTable(apps);

    MountTable.Route route = table.match("/sites/alpha/x");
    assertThat(route.application().script()).isEqualTo(alpha);
    assertThat(route.application().index()).isEqualTo(2);
    assertThat(route.scriptName()).isEqualTo("/sites/alpha");
    assertThat(route.pathInfo()).isEqualTo("/x");
    assertThat(route.prefixLength()).isEqualTo("/sites/alpha".length());
    // A mount as long as the match wins the tie.
    assertThat(table.match("/sites/beta/y").application().script()).isEqualTo("beta-exact.py");
    // The pattern matched, its script is not there: 404, not the "/" mount.
    assertThat(table.match("/sites/gamma")).isNull();
    // The pattern does not match: the "/" mount.
    assertThat(table.match("/sites").application().index()).isZero();
  }

  @Test
  void theDefaultWarmupBuildsAPathFromASimplePatternOnly() throws Exception {
    String alpha = file("sites/alpha.wsgi");
    MountPattern simple = MountPattern.compile("^/sites/([^/]+)", dir + "/sites/$1.wsgi", "f");
    assertThat(simple.warmupPath(alpha)).isEqualTo("/sites/alpha/");
    assertThat(
            MountPattern.compile("^/s\\.d/(\\w+)$", dir + "/sites/$1.wsgi", "f").warmupPath(alpha))
        .isEqualTo("/s.d/alpha");
    assertThat(
            MountPattern.compile("(?i)^/Sites/(\\w+)", dir + "/sites/$1.wsgi", "f")
                .warmupPath(alpha))
        .isEqualTo("/Sites/alpha/");
    // A group the script does not use, a quantifier outside a group: nothing to build from.
    assertThat(
            MountPattern.compile("^/(v1|v2)/(\\w+)", dir + "/sites/$2.wsgi", "f").warmupPath(alpha))
        .isNull();
    assertThat(
            MountPattern.compile("^/sites/?([^/]+)", dir + "/sites/$1.wsgi", "f").warmupPath(alpha))
        .isNull();
    // A group whose text the file name would not match: the built path is checked, not trusted.
    assertThat(MountPattern.compile("^/([0-9]+)", dir + "/sites/$1.wsgi", "f").warmupPath(alpha))
        .isNull();

    List<Application> apps = new ArrayList<>(expanded(0, simple));
    apps.add(new Application(1, "/api", "api.py", "application", "g"));
    assertThat(WarmupPlan.of(null, apps).requests().stream().map(WarmupRequest::target))
        .containsExactly("/sites/alpha/", "/api/");
  }
}
