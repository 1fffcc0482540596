package dev.kubewsgi.api.validation;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kubewsgi.api.WsgiProcessGroup;
import dev.kubewsgi.api.io.ResourceReader;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The schema bounds and CEL rules of the API classes, applied in Java, one invalid spec per row.
 */
class SpecValidatorTest {

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

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
          no applications        | workers: 2                                                                         | spec.applications | is required
          empty applications     | applications: []                                                                   | spec.applications | needs at least 1
          workers 0              | {workers: 0, applications: [{mount: /, script: a.py}]}                             | spec.workers | must be at least 1
          threads 65             | {threads: 65, applications: [{mount: /, script: a.py}]}                            | spec.threads | must be at most 64
          mount pattern          | applications: [{mount: /api/, script: a.py}]                                       | spec.applications[0].mount | does not match
          callable pattern       | applications: [{mount: /, script: a.py, callable: 1app}]                           | spec.applications[0].callable | does not match
          script missing         | applications: [{mount: /}]                                                         | spec.applications[0].script | is required
          duplicate mount        | applications: [{mount: /, script: a.py}, {mount: /, script: b.py}]                 | spec.applications[1].mount | already used by spec.applications[0]
          two sources            | {importScripts: [{path: a.py, source: x}], applications: [{mount: /, script: a.py}]} | spec.importScripts[0] | exactly one of path, source and configMapRef
          no source              | {importScripts: [{name: x}], applications: [{mount: /, script: a.py}]}             | spec.importScripts[0] | found 0
          unused group           | {importScripts: [{path: a.py}, {path: b.py, applicationGroup: g}], applications: [{mount: /, script: a.py}]} | spec.importScripts[1].applicationGroup | used by no application
          warmup path            | {applications: [{mount: /, script: a.py}], warmup: {requests: [{path: nope}]}}     | spec.warmup.requests[0].path | does not match
          warmup count           | {applications: [{mount: /, script: a.py}], warmup: {requests: [{path: /, count: -1}]}} | spec.warmup.requests[0].count | must be at least 0
          warmup body size       | {applications: [{mount: /, script: a.py}], warmup: {requests: [{path: /, bodySize: 2048}]}, limits: {maxBodySize: 1024}} | spec.warmup.requests[0].bodySize | a body of 2048 bytes is over spec.limits.maxBodySize (1024)
          warmup body            | {applications: [{mount: /, script: a.py}], warmup: {requests: [{path: /, body: 'xxxxxxxxxxx'}]}, limits: {maxBodySize: 10}} | spec.warmup.requests[0].body | a body of 11 bytes is over
          warmup body default    | {applications: [{mount: /, script: a.py}], warmup: {requests: [{path: /, bodySize: 10485761}]}} | spec.warmup.requests[0].bodySize | over spec.limits.maxBodySize (10485760)
          startup timeout        | {applications: [{mount: /, script: a.py}], lifecycle: {startupTimeoutSeconds: 5}}  | spec.lifecycle.startupTimeoutSeconds | must be at least 10
          header limit           | {applications: [{mount: /, script: a.py}], limits: {maxHeaderSize: 10}}            | spec.limits.maxHeaderSize | must be at least 1024
          """)
  void refuses(String name, String spec, String field, String message) throws Exception {
    assertThat(errors(spec))
        .anySatisfy(
            e -> {
              assertThat(e.field()).isEqualTo(field);
              assertThat(e.message()).contains(message);
            });
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
}
