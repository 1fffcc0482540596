package dev.kubewsgi.runtime.http;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The corpus's application: describes the request it got; {@code /noread} answers without reading.
 */
final class CorpusApp {

  private CorpusApp() {}

  /**
   * {@code step} runs the event loop's queue after each call: an embedded channel runs queued tasks
   * inside a write, which a real event loop never does, so at most one of ours may be queued at a
   * time.
   */
  static void serve(HttpExchange ex, Runnable step) throws IOException {
    StringBuilder got = new StringBuilder();
    if (!ex.rawPath().equals("/noread")) {
      ByteArrayOutputStream body = new ByteArrayOutputStream();
      byte[] buf = new byte[100];
      try {
        for (int n; (n = ex.body().read(buf, 0, buf.length)) != -1; ) {
          body.write(buf, 0, n);
        }
      } catch (RequestBodyException e) {
        ex.fail(e.status(), e.getMessage());
        step.run();
        return;
      }
      step.run();
      got.append(body.toString(StandardCharsets.ISO_8859_1));
    }
    String echo = null;
    String[] h = ex.headers();
    for (int i = 0; i < h.length; i += 2) {
      if (h[i].equalsIgnoreCase("X-Echo")) {
        echo = h[i + 1];
      }
    }
    String text =
        ex.method()
            + " "
            + ex.rawPath()
            + (ex.rawQuery().isEmpty() ? "" : "?" + ex.rawQuery())
            + " "
            + ex.protocol()
            + " ["
            + got
            + "]";
    byte[] b = text.getBytes(StandardCharsets.ISO_8859_1);
    List<String> headers = new ArrayList<>(List.of("Content-Type", "text/plain"));
    if (echo != null) {
      headers.addAll(List.of("X-Echo", echo));
    }
    if (!ex.rawPath().startsWith("/chunked")) {
      headers.addAll(List.of("Content-Length", Integer.toString(b.length)));
    }
    ex.sendHead(200, "OK", headers.toArray(String[]::new));
    ex.write(ByteBuffer.wrap(b, 0, b.length / 2));
    step.run();
    ex.write(ByteBuffer.wrap(b, b.length / 2, b.length - b.length / 2));
    step.run();
    ex.finish();
    step.run();
  }
}
