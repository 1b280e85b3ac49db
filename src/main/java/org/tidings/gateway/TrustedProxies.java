package org.tidings.gateway;

import io.vertx.core.json.JsonArray;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;

/**
 * The reverse proxies ({@code http.trustedProxies}: addresses or CIDR ranges) whose
 * {@code X-Forwarded-For} is believed. The client is the right-most address of that header
 * not itself a trusted proxy, so a client cannot pick its own address by sending the header:
 * whatever it wrote sits left of what the proxies appended. With no trusted proxies (the
 * default) the header is ignored and the client is the connection's peer.
 */
final class TrustedProxies {

  static final TrustedProxies NONE = new TrustedProxies(List.of());

  private record Range(byte[] network, int prefix) {

    boolean contains(byte[] address) {
      if (address.length != network.length) {
        return false;
      }
      int full = prefix / 8;
      for (int i = 0; i < full; i++) {
        if (address[i] != network[i]) {
          return false;
        }
      }
      int rest = prefix % 8;
      if (rest == 0) {
        return true;
      }
      int mask = 0xff << (8 - rest) & 0xff;
      return (address[full] & mask) == (network[full] & mask);
    }
  }

  private final List<Range> ranges;

  private TrustedProxies(List<Range> ranges) {
    this.ranges = ranges;
  }

  /** Fails at start, naming the entry, when one is not an IP address or range. */
  static TrustedProxies from(JsonArray entries) {
    if (entries == null) {
      return NONE;
    }
    List<Range> ranges = new ArrayList<>();
    for (Object entry : entries) {
      ranges.add(range(String.valueOf(entry).trim()));
    }
    return new TrustedProxies(List.copyOf(ranges));
  }

  private static Range range(String entry) {
    int slash = entry.indexOf('/');
    byte[] network = literal(slash < 0 ? entry : entry.substring(0, slash));
    if (network == null) {
      throw new IllegalArgumentException("http.trustedProxies: '" + entry + "' is not an IP address or CIDR range");
    }
    int prefix = network.length * 8;
    if (slash >= 0) {
      try {
        prefix = Integer.parseInt(entry.substring(slash + 1));
      } catch (NumberFormatException e) {
        prefix = -1;
      }
      if (prefix < 0 || prefix > network.length * 8) {
        throw new IllegalArgumentException("http.trustedProxies: '" + entry + "' has no valid prefix length");
      }
    }
    return new Range(network, prefix);
  }

  /** The address of an IP literal, or null: never a name lookup. */
  private static byte[] literal(String text) {
    String bare = text.startsWith("[") && text.endsWith("]") ? text.substring(1, text.length() - 1) : text;
    boolean v4 = bare.matches("\\d{1,3}(\\.\\d{1,3}){3}");
    // hex digits, colons and dots only: InetAddress then parses a literal and never resolves a name
    boolean v6 = bare.contains(":") && bare.matches("[0-9A-Fa-f:.]+");
    if (!v4 && !v6) {
      return null;
    }
    try {
      return InetAddress.getByName(bare).getAddress();
    } catch (UnknownHostException e) {
      return null;
    }
  }

  boolean trusts(String address) {
    if (ranges.isEmpty() || address == null) {
      return false;
    }
    byte[] bytes = literal(address);
    return bytes != null && ranges.stream().anyMatch(range -> range.contains(bytes));
  }

  /** Who sent the request: {@code peer} unless it is a trusted proxy that says otherwise. */
  String client(String peer, List<String> forwardedFor) {
    if (!trusts(peer)) {
      return peer;
    }
    List<String> hops = new ArrayList<>();
    forwardedFor.forEach(header -> {
      for (String hop : header.split(",")) {
        hops.add(hop.trim());
      }
    });
    String client = peer;
    for (int i = hops.size() - 1; i >= 0; i--) {
      String hop = hops.get(i);
      if (literal(hop) == null) {
        // garbage in the header: stop at the last address we can vouch for
        return client;
      }
      client = hop;
      if (!trusts(hop)) {
        return hop;
      }
    }
    return client;
  }
}
