package dev.kubewsgi.runtime.dispatch;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kubewsgi.runtime.config.Application;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Longest whole-segment prefix wins; SCRIPT_NAME and PATH_INFO split as WSGIScriptAlias does. */
class MountTableTest {

  private final MountTable table =
      new MountTable(
          List.of(
              new Application(0, "/", "root.py", "application", "g"),
              new Application(1, "/api", "api.py", "application", "g"),
              new Application(2, "/api/v2", "v2.py", "application", "g")));

  @ParameterizedTest
  @CsvSource({
    "/, 0, '', /",
    "/x, 0, '', /x",
    "/api, 1, /api, ''",
    "/api/, 1, /api, /",
    "/api/items, 1, /api, /items",
    "/apis, 0, '', /apis",
    "/api/v2, 2, /api/v2, ''",
    "/api/v2/x/y, 2, /api/v2, /x/y",
    "/api/v22, 1, /api, /v22",
  })
  void routes(String path, int app, String scriptName, String pathInfo) {
    MountTable.Route route = table.match(path);
    assertThat(route.application().index()).isEqualTo(app);
    assertThat(route.scriptName()).isEqualTo(scriptName);
    assertThat(route.pathInfo()).isEqualTo(pathInfo);
  }

  @ParameterizedTest
  @CsvSource({"/bad%zz", "/end%2", "/../x", "/a%2Fb"})
  void aPathApacheRefusesHasNoRoute(String raw) {
    // Decoding itself: RequestPathTest.
    assertThat(MountTable.decodePath(raw)).isNull();
    assertThat(table.match(MountTable.decodePath(raw))).isNull();
  }

  @org.junit.jupiter.api.Test
  void noMountNoRoute() {
    assertThat(
            new MountTable(List.of(new Application(0, "/api", "a.py", "application", "g")))
                .match("/other"))
        .isNull();
  }
}
