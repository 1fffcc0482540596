package dev.kubewsgi.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.kubewsgi.runtime.config.ConfigException;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code mountPattern}, mod_wsgi's {@code WSGIScriptAliasMatch}: one pattern preloads every script
 * its template names ({@code sites/alpha.wsgi}, {@code sites/beta.wsgi}), routes by the groups it
 * captures with the match as {@code SCRIPT_NAME}, and answers 404 for a name with no script rather
 * than falling back to the "/" mount.
 */
class MountPatternGraalPyTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static RuntimeHarness runtime;

  private static String resource(String script) {
    return """
        apiVersion: kubewsgi.dev/v1alpha1
        kind: WsgiProcessGroup
        metadata: {name: pattern}
        spec:
          workers: 1
          applications:
            - {mount: /, script: echo.py}
            - {mountPattern: "^/sites/([^/]+)", script: "%s"}
          warmup:
            untilSettled: false
            requests: [{path: /sites/alpha/, count: 3}, {path: /sites/beta/, count: 3}]
        """
        .formatted(script);
  }

  @BeforeAll
  static void boot() throws Exception {
    runtime = RuntimeHarness.start("pattern", resource("sites/$1.wsgi"));
    runtime.awaitBoot();
  }

  @AfterAll
  static void stop() {
    if (runtime != null) {
      runtime.close();
    }
  }

  private static JsonNode json(String path) throws Exception {
    HttpResponse<String> response = runtime.get(path);
    assertThat(response.statusCode()).as(path).isEqualTo(200);
    return JSON.readTree(response.body());
  }

  @Test
  void eachScriptTheTemplateNamesIsServedWithTheMatchAsScriptName() throws Exception {
    JsonNode alpha = json("/sites/alpha/x/y");
    assertThat(alpha.get("name").asText()).isEqualTo("alpha");
    assertThat(alpha.get("SCRIPT_NAME").asText()).isEqualTo("/sites/alpha");
    assertThat(alpha.get("PATH_INFO").asText()).isEqualTo("/x/y");

    JsonNode beta = json("/sites/beta");
    assertThat(beta.get("name").asText()).isEqualTo("beta");
    assertThat(beta.get("SCRIPT_NAME").asText()).isEqualTo("/sites/beta");
    assertThat(beta.get("PATH_INFO").asText()).isEmpty();

    // A name that only starts like a script's names no script: [^/]+ takes "betamax" whole.
    assertThat(runtime.get("/sites/betamax/").statusCode()).isEqualTo(404);
  }

  @Test
  void aNameWithNoScriptIs404NotTheRootMount() throws Exception {
    HttpResponse<String> unknown = runtime.get("/sites/gamma/");
    assertThat(unknown.statusCode()).isEqualTo(404);
    // A path the pattern does not match still reaches the "/" mount.
    JsonNode echo = json("/sitesx/alpha");
    assertThat(echo.get("SCRIPT_NAME").asText()).isEmpty();
    assertThat(echo.get("PATH_INFO").asText()).isEqualTo("/sitesx/alpha");
    assertThat(json("/sites").get("PATH_INFO").asText()).isEqualTo("/sites");
  }

  @Test
  void aPatternWhoseScriptNamesNoFileStopsBootNamingTheField() {
    assertThatThrownBy(() -> RuntimeHarness.load("pattern", resource("sites/$1.nothing")))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("spec.applications[1].script")
        .hasMessageContaining("no file matches")
        .hasMessageContaining("sites/$1.nothing");
  }
}
