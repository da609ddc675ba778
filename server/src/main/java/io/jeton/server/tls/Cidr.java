package io.jeton.server.tls;

import java.net.InetAddress;
import java.net.UnknownHostException;

/** One CIDR block ({@code 10.0.0.0/8}, {@code ::1/128}, or a bare address), IPv4 or IPv6. */
public record Cidr(byte[] network, int prefix) {
  /**
   * @throws IllegalArgumentException naming the text when it is not an address literal with an
   *     optional prefix length in range (no host names: a block is never looked up in DNS)
   */
  public static Cidr parse(String text) {
    String t = text.trim();
    int slash = t.indexOf('/');
    String addr = slash < 0 ? t : t.substring(0, slash);
    if (addr.isEmpty() || !addr.matches("[0-9A-Fa-f:.]+") || (!addr.contains(":") && !addr.contains("."))) {
      throw new IllegalArgumentException("'" + t + "' is not a CIDR block (an IP address, optionally /prefix)");
    }
    byte[] network;
    try {
      network = InetAddress.getByName(addr).getAddress();
    } catch (UnknownHostException e) {
      throw new IllegalArgumentException("'" + t + "' is not a CIDR block (an IP address, optionally /prefix)");
    }
    int bits = network.length * 8;
    int prefix = bits;
    if (slash >= 0) {
      try {
        prefix = Integer.parseInt(t.substring(slash + 1));
      } catch (NumberFormatException e) {
        prefix = -1;
      }
      if (prefix < 0 || prefix > bits) {
        throw new IllegalArgumentException("'" + t + "': the prefix length must be 0 to " + bits);
      }
    }
    return new Cidr(network, prefix);
  }

  /** Whether {@code address} (a literal, as the listener reports the peer) lies in this block. */
  public boolean contains(String address) {
    byte[] a;
    try {
      if (address == null || address.isEmpty() || !address.matches("[0-9A-Fa-f:.%a-z]+")) {
        return false;
      }
      a = InetAddress.getByName(address).getAddress();
    } catch (UnknownHostException e) {
      return false;
    }
    if (a.length != network.length) {
      return false;
    }
    int full = prefix / 8;
    for (int i = 0; i < full; i++) {
      if (a[i] != network[i]) {
        return false;
      }
    }
    int rest = prefix % 8;
    if (rest == 0) {
      return true;
    }
    int mask = (0xff << (8 - rest)) & 0xff;
    return (a[full] & mask) == (network[full] & mask);
  }
}
