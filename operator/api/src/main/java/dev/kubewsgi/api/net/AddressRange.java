package dev.kubewsgi.api.net;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * An IP address or a CIDR, parsed as the API server's CEL {@code isIP}/{@code isCIDR} accept them:
 * dotted-quad IPv4 without leading zeros, IPv6 without a zone and not in its IPv4-mapped form.
 */
public final class AddressRange {

  private static final Pattern IPV4 =
      Pattern.compile("^(0|[1-9][0-9]{0,2})(\\.(0|[1-9][0-9]{0,2})){3}$");

  private final byte[] network;
  private final int prefix;

  private AddressRange(byte[] network, int prefix) {
    this.network = network;
    this.prefix = prefix;
  }

  /** The range {@code text} names, or empty when it is neither an address nor a CIDR. */
  public static Optional<AddressRange> parse(String text) {
    if (text == null) {
      return Optional.empty();
    }
    int slash = text.indexOf('/');
    Optional<byte[]> address = literal(slash < 0 ? text : text.substring(0, slash));
    if (address.isEmpty()) {
      return Optional.empty();
    }
    int bits = address.get().length * 8;
    int prefix = bits;
    if (slash >= 0) {
      String length = text.substring(slash + 1);
      if (!length.matches("0|[1-9][0-9]{0,2}")) {
        return Optional.empty();
      }
      prefix = Integer.parseInt(length);
      if (prefix > bits) {
        return Optional.empty();
      }
    }
    return Optional.of(new AddressRange(address.get(), prefix));
  }

  /** Whether {@code address} lies in this range; IPv4 and IPv6 never match each other. */
  public boolean contains(InetAddress address) {
    return contains(address.getAddress());
  }

  /** Whether the address with these bytes (4 or 16) lies in this range. */
  public boolean contains(byte[] bytes) {
    if (bytes.length != network.length) {
      return false;
    }
    int whole = prefix / 8;
    for (int i = 0; i < whole; i++) {
      if (bytes[i] != network[i]) {
        return false;
      }
    }
    int rest = prefix % 8;
    if (rest == 0) {
      return true;
    }
    int mask = 0xff << (8 - rest);
    return (bytes[whole] & mask) == (network[whole] & mask);
  }

  /** The bytes of an IP literal; never resolves a name. */
  public static Optional<byte[]> literal(String text) {
    if (text.indexOf(':') < 0) {
      if (!IPV4.matcher(text).matches()) {
        return Optional.empty();
      }
      byte[] bytes = new byte[4];
      String[] parts = text.split("\\.");
      for (int i = 0; i < 4; i++) {
        int part = Integer.parseInt(parts[i]);
        if (part > 255) {
          return Optional.empty();
        }
        bytes[i] = (byte) part;
      }
      return Optional.of(bytes);
    }
    if (text.indexOf('%') >= 0 || text.startsWith("[")) {
      return Optional.empty();
    }
    try {
      InetAddress address = InetAddress.ofLiteral(text);
      return address instanceof Inet4Address
          ? Optional.empty() // ::ffff:a.b.c.d, which CEL's isIP refuses
          : Optional.of(address.getAddress());
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
  }
}
