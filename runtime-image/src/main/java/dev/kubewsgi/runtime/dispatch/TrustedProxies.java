package dev.kubewsgi.runtime.dispatch;

import dev.kubewsgi.api.net.AddressRange;
import dev.kubewsgi.api.spec.TrustedProxiesSpec;
import dev.kubewsgi.runtime.http.HttpExchange;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Believes forwarding headers from trusted peers only (mod_wsgi's {@code WSGITrustedProxies}). The
 * client is the rightmost forwarded address that is not itself a trusted proxy; the scheme, host
 * and port are those of the same hop (what the proxy that received the request from that client
 * saw). From any other peer the headers change nothing and reach the application as sent.
 */
public final class TrustedProxies {

  private static final Pattern PORT = Pattern.compile("[0-9]{1,5}");
  private static final Pattern HOST =
      Pattern.compile("^([A-Za-z0-9._-]+|\\[[0-9A-Fa-f:.]+\\])(:[0-9]{1,5})?$");

  /** What one proxy said about the peer it received the request from. */
  private record Hop(String address, int clientPort, String proto, String host, Integer port) {}

  private final List<AddressRange> trusted;
  private final boolean rfc7239;

  private TrustedProxies(List<AddressRange> trusted, boolean rfc7239) {
    this.trusted = trusted;
    this.rfc7239 = rfc7239;
  }

  /** From a validated spec; null means the defaults (loopback, X-Forwarded-*). */
  public static TrustedProxies of(TrustedProxiesSpec spec) {
    TrustedProxiesSpec s = spec != null ? spec : new TrustedProxiesSpec();
    List<String> addresses =
        s.getAddresses() != null ? s.getAddresses() : TrustedProxiesSpec.DEFAULT_ADDRESSES;
    List<AddressRange> ranges = new ArrayList<>();
    for (String address : addresses) {
      ranges.add(
          AddressRange.parse(address)
              .orElseThrow(() -> new IllegalArgumentException("not an address: " + address)));
    }
    return new TrustedProxies(
        List.copyOf(ranges), s.getHeaders() == TrustedProxiesSpec.Headers.Forwarded);
  }

  /** The request's client as its peer, or the trusted proxies in front of it, say. */
  public Client resolve(HttpExchange exchange) {
    InetSocketAddress remote = exchange.remoteAddress();
    InetSocketAddress local = exchange.localAddress();
    String serverName = local == null ? "localhost" : local.getHostString();
    int serverPort = local == null ? 0 : local.getPort();
    if (remote == null) {
      return new Client("", 0, "http", null, serverName, serverPort);
    }
    String peer = remote.getAddress().getHostAddress();
    Client direct = new Client(peer, remote.getPort(), "http", null, serverName, serverPort);
    if (!isTrusted(remote.getAddress().getAddress())) {
      return direct;
    }
    List<Hop> hops =
        rfc7239 ? forwarded(exchange.headers()) : xForwarded(exchange.headers(), peer, remote);
    if (hops.isEmpty()) {
      return direct;
    }
    Hop client = null;
    for (int i = hops.size() - 1; i >= 0; i--) {
      Hop hop = hops.get(i);
      byte[] address =
          hop.address() == null ? null : AddressRange.literal(hop.address()).orElse(null);
      if (address == null) {
        break; // "unknown", an obfuscated name or garbage: the last hop believed is the client
      }
      client = hop;
      if (!isTrusted(address)) {
        break;
      }
    }
    if (client == null) {
      Hop nearest = hops.getLast();
      client = new Hop(peer, remote.getPort(), nearest.proto(), nearest.host(), nearest.port());
    }
    String scheme = client.proto() != null ? client.proto() : "http";
    String host = client.host();
    int port = serverPort;
    if (client.port() != null) {
      port = client.port();
    } else if (host != null && host.lastIndexOf(':') > host.lastIndexOf(']')) {
      port = Integer.parseInt(host.substring(host.lastIndexOf(':') + 1));
    } else if (client.proto() != null || host != null) {
      port = scheme.equals("https") ? 443 : 80;
    }
    String name = host == null ? serverName : hostName(host);
    return new Client(client.address(), client.clientPort(), scheme, host, name, port);
  }

  private boolean isTrusted(byte[] address) {
    for (AddressRange range : trusted) {
      if (range.contains(address)) {
        return true;
      }
    }
    return false;
  }

  // X-Forwarded-For lists the hops; -Proto, -Host and -Port are matched to them from the right,
  // and a list shorter than X-Forwarded-For gives its leftmost value to the hops further out.
  private static List<Hop> xForwarded(String[] headers, String peer, InetSocketAddress remote) {
    List<String> fors = new ArrayList<>();
    List<String> protos = new ArrayList<>();
    List<String> hosts = new ArrayList<>();
    List<String> ports = new ArrayList<>();
    boolean any = false;
    for (int i = 0; i + 1 < headers.length; i += 2) {
      String name = headers[i];
      if (name.length() < 15 || !name.regionMatches(true, 0, "x-forwarded-", 0, 12)) {
        continue;
      }
      List<String> target =
          switch (name.substring(12).toLowerCase(Locale.ROOT)) {
            case "for" -> fors;
            case "proto" -> protos;
            case "host" -> hosts;
            case "port" -> ports;
            default -> null;
          };
      if (target != null) {
        any = true;
        for (String item : headers[i + 1].split(",")) {
          target.add(item.strip());
        }
      }
    }
    if (!any) {
      return List.of();
    }
    List<Hop> hops = new ArrayList<>(Math.max(1, fors.size()));
    if (fors.isEmpty()) {
      // The proxy said how, not who: the client is the peer itself.
      hops.add(
          new Hop(
              peer,
              remote.getPort(),
              proto(aligned(protos, 0)),
              host(aligned(hosts, 0)),
              port(aligned(ports, 0))));
    }
    for (int i = 0; i < fors.size(); i++) {
      int fromRight = fors.size() - 1 - i;
      String[] node = node(fors.get(i));
      hops.add(
          new Hop(
              node[0],
              portNumber(node[1]),
              proto(aligned(protos, fromRight)),
              host(aligned(hosts, fromRight)),
              port(aligned(ports, fromRight))));
    }
    return hops;
  }

  private static String aligned(List<String> values, int fromRight) {
    if (values.isEmpty()) {
      return null;
    }
    return values.get(Math.max(0, values.size() - 1 - fromRight));
  }

  // RFC 7239: elements separated by commas, pairs by semicolons, values tokens or quoted strings.
  private static List<Hop> forwarded(String[] headers) {
    List<Hop> hops = new ArrayList<>();
    for (int i = 0; i + 1 < headers.length; i += 2) {
      if (headers[i].equalsIgnoreCase("forwarded")) {
        parseForwarded(headers[i + 1], hops);
      }
    }
    return hops;
  }

  private static void parseForwarded(String value, List<Hop> hops) {
    String forNode = null;
    String proto = null;
    String host = null;
    int i = 0;
    int n = value.length();
    while (i <= n) {
      // One pair: key "=" value, then ";" (next pair), "," (next element) or the end.
      int eq = value.indexOf('=', i);
      int stop = eq < 0 ? n : eq;
      String key = value.substring(i, stop).strip().toLowerCase(Locale.ROOT);
      StringBuilder v = new StringBuilder();
      int j = eq < 0 ? n : eq + 1;
      while (j < n && value.charAt(j) == ' ') {
        j++;
      }
      if (j < n && value.charAt(j) == '"') {
        j++;
        while (j < n && value.charAt(j) != '"') {
          if (value.charAt(j) == '\\' && j + 1 < n) {
            j++;
          }
          v.append(value.charAt(j++));
        }
        j++;
      }
      while (j < n && value.charAt(j) != ';' && value.charAt(j) != ',') {
        v.append(value.charAt(j++));
      }
      String text = v.toString().strip();
      switch (key) {
        case "for" -> forNode = text;
        case "proto" -> proto = text;
        case "host" -> host = text;
        default -> {}
      }
      if (j >= n || value.charAt(j) == ',') {
        if (forNode != null || proto != null || host != null) {
          String[] node = forNode == null ? new String[] {null, null} : node(forNode);
          hops.add(new Hop(node[0], portNumber(node[1]), proto(proto), host(host), null));
        }
        forNode = null;
        proto = null;
        host = null;
      }
      i = j + 1;
      if (j >= n) {
        break;
      }
    }
  }

  // "1.2.3.4", "1.2.3.4:80", "2001:db8::1", "[2001:db8::1]:80": the address and the port or null.
  private static String[] node(String text) {
    if (text.startsWith("[")) {
      int close = text.indexOf(']');
      if (close < 0) {
        return new String[] {text, null};
      }
      String rest = text.substring(close + 1);
      return new String[] {
        text.substring(1, close), rest.startsWith(":") ? rest.substring(1) : null
      };
    }
    int colon = text.indexOf(':');
    if (colon >= 0 && colon == text.lastIndexOf(':')) {
      return new String[] {text.substring(0, colon), text.substring(colon + 1)};
    }
    return new String[] {text, null};
  }

  private static int portNumber(String text) {
    Integer port = port(text);
    return port == null ? 0 : port;
  }

  private static String proto(String text) {
    if (text == null) {
      return null;
    }
    String lower = text.toLowerCase(Locale.ROOT);
    return lower.equals("https") || lower.equals("http") ? lower : null;
  }

  private static String host(String text) {
    if (text == null || !HOST.matcher(text).matches()) {
      return null;
    }
    int close = text.lastIndexOf(']');
    int colon = text.lastIndexOf(':');
    return colon <= close || port(text.substring(colon + 1)) != null ? text : null;
  }

  // Behind an Ingress every request carries these headers: no regex compiled per call.
  private static Integer port(String text) {
    if (text == null || !PORT.matcher(text).matches()) {
      return null;
    }
    int port = Integer.parseInt(text);
    return port >= 1 && port <= 65535 ? port : null;
  }

  private static String hostName(String host) {
    int close = host.lastIndexOf(']');
    int colon = host.lastIndexOf(':');
    return colon > close ? host.substring(0, colon) : host;
  }
}
