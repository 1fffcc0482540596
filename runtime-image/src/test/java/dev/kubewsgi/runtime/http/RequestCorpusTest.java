package dev.kubewsgi.runtime.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The request corpus (src/test/resources/http/corpus) through the real pipeline on an {@link
 * EmbeddedConnection}: no socket, a frozen clock, and an application served on the test thread once
 * each body is in.
 */
class RequestCorpusTest {

  static Stream<Path> corpus() throws IOException, URISyntaxException {
    Path dir = Path.of(RequestCorpusTest.class.getResource("/http/corpus").toURI());
    return Files.list(dir).filter(p -> p.toString().endsWith(".http")).sorted();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("corpus")
  void behavesAsTheCorpusSays(Path file) throws Exception {
    CorpusCase c = CorpusCase.load(file);
    try (EmbeddedConnection conn = new EmbeddedConnection(c.limits())) {
      conn.send(c.request(), c.split());
      conn.serve();
      if (!c.advance().isZero()) {
        conn.advance(c.advance());
      }

      List<RawResponse> responses = responses(conn.wire(), c);
      List<String> statuses = responses.stream().map(r -> Integer.toString(r.status())).toList();
      List<String> expected =
          c.expectedStatuses().stream().map(s -> s.replace("/head", "")).toList();
      assertThat(statuses).as("statuses of %s", c.name()).isEqualTo(expected);
      c.bodies()
          .forEach(
              (i, body) ->
                  assertThat(responses.get(i - 1).text()).as("body %d", i).isEqualTo(body));
      c.headers()
          .forEach(
              (i, header) -> {
                String name = header.substring(0, header.indexOf(':'));
                String value = header.substring(header.indexOf(':') + 1).trim();
                assertThat(responses.get(i - 1).header(name))
                    .as("header %d %s", i, name)
                    .isEqualTo(value);
              });
      if (c.closed() != null) {
        assertThat(!conn.isOpen()).as("connection closed").isEqualTo(c.closed());
      }
    }
  }

  private static List<RawResponse> responses(byte[] wire, CorpusCase c) throws IOException {
    ByteArrayInputStream in = new ByteArrayInputStream(wire);
    List<RawResponse> out = new ArrayList<>();
    List<String> expect = c.expectedStatuses();
    for (int i = 0; in.available() > 0; i++) {
      boolean head = i < expect.size() && expect.get(i).endsWith("/head");
      out.add(RawResponse.read(in, head));
    }
    return out;
  }
}
