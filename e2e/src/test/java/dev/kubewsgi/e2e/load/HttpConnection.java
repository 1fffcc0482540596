package dev.kubewsgi.e2e.load;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * One HTTP/1.1 client connection on a plain socket: GET requests, responses framed by
 * Content-Length, chunked encoding or close. Raw on purpose: the load test decides exactly when a
 * connection is reused and when a new one is opened, and sees every reset and early close.
 */
public final class HttpConnection implements AutoCloseable {

  private static final int MAX_HEAD = 64 * 1024;

  private final Socket socket;
  private final InputStream in;
  private final OutputStream out;
  private final String host;
  private int exchanges;
  private boolean open = true;
  private boolean responseStarted;

  private HttpConnection(Socket socket, String host) throws IOException {
    this.socket = socket;
    this.in = new BufferedInputStream(socket.getInputStream(), 16 * 1024);
    this.out = socket.getOutputStream();
    this.host = host;
  }

  public static HttpConnection open(
      InetSocketAddress target, Duration connectTimeout, Duration readTimeout) throws IOException {
    Socket socket = new Socket();
    try {
      socket.setTcpNoDelay(true);
      socket.connect(target, (int) connectTimeout.toMillis());
      socket.setSoTimeout((int) readTimeout.toMillis());
      return new HttpConnection(socket, target.getHostString() + ":" + target.getPort());
    } catch (IOException e) {
      socket.close();
      throw e;
    }
  }

  /** Responses already read on this connection: 0 means the next request is its first. */
  public int exchanges() {
    return exchanges;
  }

  /** False once either side asked to close, or a read or write failed. */
  public boolean reusable() {
    return open && !socket.isClosed();
  }

  /**
   * Sends {@code GET target} and reads the whole response.
   *
   * @param close send {@code Connection: close} (a new connection per request)
   * @throws NoResponseException when the connection ended before any byte of a response
   */
  public Response get(String target, boolean close) throws IOException {
    return get(target, close, new String[0]);
  }

  /** {@link #get(String, boolean)} with more request headers, each a "Name: value" line. */
  public Response get(String target, boolean close, String... headers) throws IOException {
    StringBuilder head =
        new StringBuilder(128)
            .append("GET ")
            .append(target)
            .append(" HTTP/1.1\r\n")
            .append("Host: ")
            .append(host)
            .append("\r\n")
            .append("User-Agent: kubewsgi-e2e\r\n");
    if (close) {
      head.append("Connection: close\r\n");
    }
    for (String header : headers) {
      head.append(header).append("\r\n");
    }
    head.append("\r\n");
    responseStarted = false;
    try {
      out.write(head.toString().getBytes(StandardCharsets.US_ASCII));
      out.flush();
      Response response = readResponse();
      exchanges++;
      if (close || "close".equalsIgnoreCase(response.header("connection"))) {
        open = false;
      }
      return response;
    } catch (SocketTimeoutException e) {
      open = false;
      throw e;
    } catch (NoResponseException e) {
      open = false;
      throw e;
    } catch (IOException e) {
      open = false;
      // A reset or broken pipe before the first response byte is the same race as a clean close.
      if (!responseStarted) {
        throw new NoResponseException("no response: " + e, e);
      }
      throw e;
    }
  }

  private Response readResponse() throws IOException {
    int first = in.read();
    if (first < 0) {
      throw new NoResponseException("connection closed before any byte of the response");
    }
    responseStarted = true;
    String statusLine = readLine(first);
    String[] parts = statusLine.split(" ", 3);
    if (parts.length < 2 || !parts[0].startsWith("HTTP/1.")) {
      throw new IOException("not an HTTP/1.x status line: " + statusLine);
    }
    int status;
    try {
      status = Integer.parseInt(parts[1]);
    } catch (NumberFormatException e) {
      throw new IOException("bad status line: " + statusLine, e);
    }
    Map<String, String> headers = new LinkedHashMap<>();
    int total = statusLine.length();
    for (String line = readLine(in.read()); !line.isEmpty(); line = readLine(in.read())) {
      total += line.length();
      if (total > MAX_HEAD) {
        throw new IOException("response head larger than " + MAX_HEAD + " bytes");
      }
      int colon = line.indexOf(':');
      if (colon > 0) {
        headers.merge(
            line.substring(0, colon).trim().toLowerCase(Locale.ROOT),
            line.substring(colon + 1).trim(),
            (a, b) -> a + ", " + b);
      }
    }
    byte[] body = readBody(headers);
    return new Response(status, headers, body);
  }

  private byte[] readBody(Map<String, String> headers) throws IOException {
    String te = headers.get("transfer-encoding");
    if (te != null && te.toLowerCase(Locale.ROOT).contains("chunked")) {
      ByteArrayOutputStream body = new ByteArrayOutputStream();
      while (true) {
        String sizeLine = readLine(in.read());
        int semi = sizeLine.indexOf(';');
        int size =
            Integer.parseInt((semi >= 0 ? sizeLine.substring(0, semi) : sizeLine).trim(), 16);
        if (size == 0) {
          while (!readLine(in.read()).isEmpty()) {
            // trailers: ignored
          }
          return body.toByteArray();
        }
        body.write(in.readNBytes(size));
        if (!readLine(in.read()).isEmpty()) {
          throw new IOException("chunk not followed by CRLF");
        }
      }
    }
    String length = headers.get("content-length");
    if (length != null) {
      int n = Integer.parseInt(length.trim());
      byte[] body = in.readNBytes(n);
      if (body.length < n) {
        throw new EOFException("body cut short: " + body.length + " of " + n + " bytes");
      }
      return body;
    }
    open = false;
    return in.readAllBytes();
  }

  /** A CRLF-terminated line, starting with the byte already read. */
  private String readLine(int first) throws IOException {
    StringBuilder line = new StringBuilder(64);
    int b = first;
    while (true) {
      if (b < 0) {
        throw new EOFException("connection closed in the middle of the response head");
      }
      if (b == '\n') {
        int len = line.length();
        if (len > 0 && line.charAt(len - 1) == '\r') {
          line.setLength(len - 1);
        }
        return line.toString();
      }
      line.append((char) b);
      if (line.length() > MAX_HEAD) {
        throw new IOException("line longer than " + MAX_HEAD + " bytes");
      }
      b = in.read();
    }
  }

  @Override
  public void close() {
    open = false;
    try {
      socket.close();
    } catch (IOException ignored) {
      // nothing to do: the socket is gone either way
    }
  }

  /** A full response. */
  public record Response(int status, Map<String, String> headers, byte[] body) {

    /** A header by its lower-case name, or null. */
    public String header(String name) {
      return headers.get(name);
    }

    public String bodyText() {
      return new String(body, StandardCharsets.UTF_8);
    }
  }

  /**
   * The connection ended before a single byte of the response arrived: on a reused keep-alive
   * connection this is the race RFC 9112 section 9.3.1 lets clients retry for idempotent requests.
   */
  public static final class NoResponseException extends IOException {
    public NoResponseException(String message) {
      super(message);
    }

    public NoResponseException(String message, Throwable cause) {
      super(message, cause);
    }
  }
}
