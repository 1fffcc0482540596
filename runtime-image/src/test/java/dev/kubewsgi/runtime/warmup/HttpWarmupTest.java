package dev.kubewsgi.runtime.warmup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.EOFException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * The HTTP warm-up's response reader: it must find where each response ends on a kept-alive
 * connection.
 */
class HttpWarmupTest {

  private static InputStream wire(String text) {
    return new ByteArrayInputStream(text.getBytes(StandardCharsets.ISO_8859_1));
  }

  @Test
  void readsContentLengthChunkedAndCloseDelimitedResponsesInARow() throws Exception {
    InputStream in =
        wire(
            "HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nhello"
                + "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n3;x=1\r\nabc\r\n0\r\nTrailer: t\r\n\r\n"
                + "HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
                + "HTTP/1.1 200 OK\r\n\r\nuntil the end");
    assertThat(HttpWarmup.readResponse(in, false)).isTrue();
    assertThat(HttpWarmup.readResponse(in, false)).isTrue();
    assertThat(HttpWarmup.readResponse(in, false)).as("Connection: close").isFalse();
    assertThat(HttpWarmup.readResponse(in, false)).as("close-delimited").isFalse();
    assertThat(in.read()).isEqualTo(-1);
  }

  @Test
  void aHeadResponseHasNoBodyWhateverItsLength() throws Exception {
    InputStream in =
        wire("HTTP/1.1 200 OK\r\nContent-Length: 99\r\n\r\nHTTP/1.1 204 No Content\r\n\r\n");
    assertThat(HttpWarmup.readResponse(in, true)).isTrue();
    assertThat(HttpWarmup.readResponse(in, false)).isTrue();
  }

  @Test
  void aTruncatedResponseOrNonHttpIsAnError() {
    assertThatThrownBy(
            () ->
                HttpWarmup.readResponse(
                    wire("HTTP/1.1 200 OK\r\nContent-Length: 9\r\n\r\nshort"), false))
        .isInstanceOf(EOFException.class);
    assertThatThrownBy(() -> HttpWarmup.readResponse(wire("SSH-2.0-OpenSSH\r\n"), false))
        .hasMessageContaining("not an HTTP response");
  }
}
