package dev.kubewsgi.runtime.staticfiles;

import dev.kubewsgi.runtime.http.HttpExchange;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Answers a request under a static mount, on the event loop, without Python: GET and HEAD only, the
 * file by sendfile, 304 for a current client copy, 206 for a byte range, a precompressed sibling
 * when the client accepts it. File metadata is read on the event loop: the directory is in the
 * image or a volume, where a stat is a page-cache hit.
 */
public final class StaticFileResponder {

  /** What was answered, for the access log and the metrics. */
  public record Answer(int status, long bytes) {}

  private static final Logger log = LoggerFactory.getLogger(StaticFileResponder.class);

  private StaticFileResponder() {}

  public static Answer respond(HttpExchange exchange, StaticFiles.Match match) {
    String method = exchange.method();
    if (!method.equals("GET") && !method.equals("HEAD")) {
      return text(
          exchange,
          405,
          "Method Not Allowed",
          "Allow",
          "GET, HEAD",
          "static files are" + " read-only: " + method + " is not allowed");
    }
    Path root = match.directory().directory();
    Path file = SafePath.resolve(root, match.rest());
    try {
      BasicFileAttributes attributes =
          file == null ? null : Files.readAttributes(file, BasicFileAttributes.class);
      if (attributes == null || !attributes.isRegularFile()) {
        return notFound(exchange);
      }
      Representation r =
          Representation.choose(root, file, attributes, exchange.header("Accept-Encoding"));
      List<String> headers = new ArrayList<>(16);
      validators(headers, r, match.directory().cacheControl());
      if (Preconditions.notModified(
          exchange.header("If-None-Match"), exchange.header("If-Modified-Since"), r)) {
        exchange.sendHead(304, "Not Modified", headers.toArray(String[]::new));
        exchange.finish();
        return new Answer(304, 0);
      }
      ByteRange range = ByteRange.WHOLE;
      String rangeHeader = exchange.header("Range");
      if (rangeHeader != null
          && method.equals("GET")
          && Preconditions.rangeApplies(exchange.header("If-Range"), r)) {
        range = ByteRange.parse(rangeHeader, r.size());
      }
      if (range == ByteRange.UNSATISFIABLE) {
        return text(
            exchange,
            416,
            "Range Not Satisfiable",
            "Content-Range",
            "bytes */" + r.size(),
            "the range " + rangeHeader + " is outside the file's " + r.size() + " bytes");
      }
      headers.add("Content-Type");
      headers.add(ContentTypes.of(file.getFileName().toString()));
      if (r.encoding() != null) {
        headers.add("Content-Encoding");
        headers.add(r.encoding());
      }
      headers.add("Accept-Ranges");
      headers.add("bytes");
      long first = 0;
      long length = r.size();
      int status = 200;
      String reason = "OK";
      if (range != ByteRange.WHOLE) {
        first = range.first();
        length = range.length();
        status = 206;
        reason = "Partial Content";
        headers.add("Content-Range");
        headers.add("bytes " + range.first() + "-" + range.last() + "/" + r.size());
      }
      headers.add("Content-Length");
      headers.add(Long.toString(length));
      FileChannel channel = FileChannel.open(r.file(), StandardOpenOption.READ);
      exchange.sendHead(status, reason, headers.toArray(String[]::new));
      try {
        exchange.sendFile(channel, first, length);
        exchange.finish();
      } catch (IOException clientGone) {
        log.debug("static file {}: {}", r.file(), clientGone.toString());
        exchange.fail(status, "client gone"); // the head is out: this aborts the connection
        return new Answer(status, 0);
      }
      return new Answer(status, exchange.isHead() ? 0 : length);
    } catch (NoSuchFileException e) {
      return notFound(exchange); // removed since it was looked up
    } catch (IOException e) {
      log.warn("static file {}: {}", file, e.toString());
      String message = "Internal Server Error";
      exchange.fail(500, message);
      return new Answer(500, HttpExchange.failureBodyLength(message));
    }
  }

  private static void validators(List<String> headers, Representation r, String cacheControl) {
    headers.add("ETag");
    headers.add(r.etag());
    headers.add("Last-Modified");
    headers.add(Preconditions.lastModified(r));
    if (cacheControl != null) {
      headers.add("Cache-Control");
      headers.add(cacheControl);
    }
    if (r.varies()) {
      headers.add("Vary");
      headers.add("Accept-Encoding");
    }
  }

  private static Answer notFound(HttpExchange exchange) {
    String message = "Not Found";
    exchange.fail(404, message);
    return new Answer(404, exchange.isHead() ? 0 : HttpExchange.failureBodyLength(message));
  }

  /** A short text response with one extra header. */
  private static Answer text(
      HttpExchange exchange, int status, String reason, String name, String value, String message) {
    byte[] body = (message + "\n").getBytes(StandardCharsets.ISO_8859_1);
    exchange.sendHead(
        status,
        reason,
        new String[] {
          name,
          value,
          "Content-Type",
          "text/plain; charset=utf-8",
          "Content-Length",
          Integer.toString(body.length)
        });
    try {
      exchange.write(ByteBuffer.wrap(body));
      exchange.finish();
    } catch (IOException e) {
      // The client went away; nothing to answer.
    }
    return new Answer(status, exchange.isHead() ? 0 : body.length);
  }
}
