package dev.kubewsgi.api.validation;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.kubewsgi.api.WsgiProcessGroup;
import dev.kubewsgi.api.io.ResourceReader;
import java.io.InputStream;
import java.util.List;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The schema bounds and CEL rules of the API classes, applied in Java, on the invalid-resource
 * corpus that the API server's test also runs.
 */
class SpecValidatorTest {

  private static final YAMLMapper YAML = new YAMLMapper();

  private static List<SpecError> errors(String spec) throws Exception {
    WsgiProcessGroup resource =
        new ResourceReader()
            .read(
                """
                apiVersion: kubewsgi.dev/v1alpha1
                kind: WsgiProcessGroup
                metadata: {name: t}
                spec:
                """
                    + spec.indent(2),
                "test.yaml");
    return new SpecValidator().validate(resource);
  }

  @Test
  void aMinimalSpecIsValid() throws Exception {
    assertThat(errors("applications: [{mount: /, script: app.py}]")).isEmpty();
  }

  @Test
  void aMountPatternBesideAMountIsValid() throws Exception {
    assertThat(
            errors(
                """
                applications:
                  - {mount: /, script: app.py}
                  - {mountPattern: "^/sites/([^/]+)", script: "sites/$1.wsgi"}
                  - {mountPattern: "(?i)^/KdcProxy", script: kdc.py}
                staticFiles: [{mount: /static, directory: /srv/static}]
                """))
        .isEmpty();
  }

  @Test
  void proxiesAndAccessLogFormatsThatAreValid() throws Exception {
    assertThat(
            errors(
                """
                applications: [{mount: /, script: app.py}]
                trustedProxies:
                  addresses: [10.244.0.0/16, 192.168.1.7, "2001:db8::/32", "::1", 0.0.0.0/0]
                  headers: Forwarded
                accessLog: {format: '%h %{c}a "%r" %>s %{X-Request-Id}i 100%% %D'}
                """))
        .isEmpty();
    assertThat(errors("applications: [{mount: /, script: app.py}]\naccessLog: {format: json}"))
        .isEmpty();
  }

  /** The invalid-resource corpus the API server's test runs too (invalid/cases.yaml says how). */
  static Stream<Arguments> corpus() throws Exception {
    JsonNode table;
    try (InputStream in = SpecValidatorTest.class.getResourceAsStream("/invalid/cases.yaml")) {
      table = YAML.readTree(in);
    }
    return StreamSupport.stream(table.get("cases").spliterator(), false)
        .map(
            c -> {
              ObjectNode document = YAML.createObjectNode();
              document.put("apiVersion", WsgiProcessGroup.API_VERSION);
              document.put("kind", WsgiProcessGroup.KIND);
              document.putObject("metadata").put("name", c.path("name").asText("invalid"));
              document.set("spec", c.has("spec") ? c.get("spec") : table.get("valid"));
              return Arguments.of(c.get("case").asText(), document, c.get("specValidator"));
            });
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("corpus")
  void theCorpusIsRefusedNamingTheField(String what, JsonNode document, JsonNode expected)
      throws Exception {
    WsgiProcessGroup resource =
        new ResourceReader().read(YAML.writeValueAsString(document), "cases.yaml");
    List<SpecError> errors = new SpecValidator().validate(resource);
    if (expected.has("accepts")) {
      assertThat(errors).as("accepted on purpose: %s", expected.get("accepts").asText()).isEmpty();
      return;
    }
    assertThat(errors)
        .as("errors for %s", what)
        .anySatisfy(
            e -> {
              assertThat(e.field()).isEqualTo(expected.get("field").asText());
              assertThat(e.message()).contains(expected.get("message").asText());
            });
  }

  @Test
  void authHooksOnAnApplicationAreValid() throws Exception {
    assertThat(
            errors(
                """
                applications:
                  - mount: /admin
                    script: a.py
                    applicationGroup: admin
                    auth:
                      accessScript: {source: "def allow_access(environ, host): return True"}
                      authUserScript: {path: auth.py, realm: Staff only, applicationGroup: admin}
                      authGroupScript: {path: auth.py}
                      requiredGroups: [staff, ops]
                      passAuthorization: false
                  - {mount: /, script: b.py, auth: {passAuthorization: false}}
                """))
        .isEmpty();
  }

  @Test
  void aWarmupBodyAtTheLimitIsValid() throws Exception {
    assertThat(
            errors(
                "{applications: [{mount: /, script: a.py}], warmup: {requests: [{path: /, bodySize: 1024}]},"
                    + " limits: {maxBodySize: 1024}}"))
        .isEmpty();
  }

  @Test
  void importScriptInAGroupAnApplicationUsesIsValid() throws Exception {
    assertThat(
            errors(
                """
                importScripts: [{source: "x = 1", applicationGroup: api}]
                applications: [{mount: /, script: a.py, applicationGroup: api}]
                """))
        .isEmpty();
  }

  @Test
  void aSidecarThatDropsCapabilitiesIsRestricted() throws Exception {
    // The restricted profile asks for capabilities: {drop: [ALL]} (the model reads the absent add
    // list as an empty one, which once made this refused while the API server admitted it).
    assertThat(
            errors(
                """
                applications: [{mount: /, script: a.py}]
                podTemplate:
                  containers:
                    - name: proxy
                      image: envoy
                      securityContext: {capabilities: {drop: [ALL]}}
                """))
        .isEmpty();
    assertThat(
            errors(
                """
                applications: [{mount: /, script: a.py}]
                podTemplate:
                  containers:
                    - {name: proxy, image: envoy, securityContext: {capabilities: {add: [NET_ADMIN]}}}
                """))
        .extracting(SpecError::field)
        .containsExactly("spec.podTemplate.containers[0].securityContext");
  }
}
