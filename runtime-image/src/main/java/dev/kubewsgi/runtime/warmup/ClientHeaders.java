package dev.kubewsgi.runtime.warmup;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Header sets of the clients a server meets (curl, Python, a browser, a proxy in front; Host with
 * and without a port), mixed into warm-up requests. Warmed with {@code Host: localhost} only, the
 * compiled environ building was specialized to it: Python's http.client ({@code Host:
 * 127.0.0.1:PORT}) then deoptimized it, and its first 1,000 requests after Ready had a p99 of 8 ms,
 * against 0.24 ms for requests shaped like the warm-up's.
 */
final class ClientHeaders {

  private static final List<Map<String, String>> PROFILES =
      List.of(
          Map.of("Host", "localhost"),
          Map.of("Host", "127.0.0.1:8080", "User-Agent", "curl/8.11.1", "Accept", "*/*"),
          Map.of("Host", "[::1]:8080", "Accept-Encoding", "identity"),
          Map.of(
              "Host", "www.example.com",
              "User-Agent",
                  "Mozilla/5.0 (X11; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0",
              "Accept", "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8",
              "Accept-Language", "en-US,en;q=0.5",
              "Accept-Encoding", "gzip, deflate, br, zstd",
              "Cookie", "session=0123456789abcdef; theme=dark",
              "Cache-Control", "max-age=0"),
          Map.of(
              "Host", "app.example.com:443",
              "X-Forwarded-For", "10.0.0.7",
              "X-Forwarded-Proto", "https",
              "X-Request-Id", "4f1c2e9a-77b0-4d43-9d3e-1f3c5b2a9e10",
              "User-Agent", "Go-http-client/1.1",
              "Accept-Encoding", "gzip"));

  static final int PROFILE_COUNT = PROFILES.size();

  private ClientHeaders() {}

  /**
   * The declared headers over each client profile, one flat name/value array per profile (declared
   * ones win, names compared without case), framed for a body of {@code bodyLength} bytes as on the
   * wire: Content-Length when there is a body, never a declared Content-Length or
   * Transfer-Encoding. Every profile has a Host, so every warm-up request does.
   */
  static List<String[]> headerSets(Map<String, String> declared, int bodyLength) {
    List<String[]> sets = new ArrayList<>(PROFILES.size());
    for (Map<String, String> profile : PROFILES) {
      Map<String, String> out = new LinkedHashMap<>(profile);
      declared.forEach(
          (name, value) -> {
            out.keySet().removeIf(k -> k.equalsIgnoreCase(name));
            out.put(name, value);
          });
      out.keySet()
          .removeIf(
              k -> k.equalsIgnoreCase("content-length") || k.equalsIgnoreCase("transfer-encoding"));
      if (bodyLength > 0) {
        out.put("Content-Length", Integer.toString(bodyLength));
      }
      List<String> flat = new ArrayList<>(out.size() * 2);
      out.forEach(
          (name, value) -> {
            flat.add(name);
            flat.add(value);
          });
      sets.add(flat.toArray(String[]::new));
    }
    return List.copyOf(sets);
  }
}
