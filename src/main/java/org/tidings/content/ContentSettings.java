package org.tidings.content;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.tidings.config.Config.requirePositive;

/** The {@code content:} section of the configuration (see {@code conf/tidings.yaml}). */
public record ContentSettings(Path cacheDir, long cacheMaxBytes, double highWatermark, double lowWatermark,
                              long maxUploadBytes, int replication, long evictionIntervalMillis,
                              long accessFlushMillis, long nodeConnectTimeoutMillis, long nodeReadTimeoutMillis,
                              int nodeKeepaliveSeconds, List<NodeSettings> nodes, GatewaySettings gateway,
                              String instanceId, String peerUrl, long peerConnectTimeoutMillis,
                              long peerReadTimeoutMillis) {

  static final String INSTANCE_ID = "[A-Za-z0-9._-]{1,64}";

  public ContentSettings {
    requirePositive("content.cacheMaxBytes", cacheMaxBytes);
    requirePositive("content.maxUploadBytes", maxUploadBytes);
    requirePositive("content.replication", replication);
    requirePositive("content.evictionIntervalMillis", evictionIntervalMillis);
    requirePositive("content.accessFlushMillis", accessFlushMillis);
    requirePositive("content.nodeConnectTimeoutMillis", nodeConnectTimeoutMillis);
    requirePositive("content.nodeReadTimeoutMillis", nodeReadTimeoutMillis);
    requirePositive("content.nodeKeepaliveSeconds", nodeKeepaliveSeconds);
    requirePositive("content.peerConnectTimeoutMillis", peerConnectTimeoutMillis);
    requirePositive("content.peerReadTimeoutMillis", peerReadTimeoutMillis);
  }

  /** One storage node; {@code host}/{@code port} only matter in direct mode. */
  public record NodeSettings(String name, long capacity, boolean tunnel, String host, int port, String user,
                             Path key, Path knownHosts, String root) {

    static NodeSettings from(JsonObject node) {
      String mode = node.getString("mode", "direct");
      if (!mode.equals("direct") && !mode.equals("tunnel")) {
        throw new IllegalArgumentException("content.nodes[].mode must be direct or tunnel, not " + mode);
      }
      String name = node.getString("name");
      if (name == null || !name.matches("[A-Za-z0-9._-]{1,64}")) {
        throw new IllegalArgumentException("content.nodes[].name must be 1-64 letters, digits, '.', '_' or '-'");
      }
      return new NodeSettings(name, node.getLong("capacity", Long.MAX_VALUE), mode.equals("tunnel"),
        node.getString("host", "127.0.0.1"), node.getInteger("port", 22), node.getString("user", "tidings"),
        Path.of(node.getString("key", "conf/node_key")), Path.of(node.getString("knownHosts", "conf/known_hosts")),
        node.getString("root", "tidings"));
    }
  }

  /** The embedded SSH endpoint that tunnel-mode nodes dial into. */
  public record GatewaySettings(boolean enabled, String host, int port, Path hostKey, Path authorizedKeys) {

    static GatewaySettings from(JsonObject gateway) {
      return new GatewaySettings(gateway.getBoolean("enabled", false), gateway.getString("host", "0.0.0.0"),
        gateway.getInteger("port", 2222), Path.of(gateway.getString("hostKey", "data/node-gateway-hostkey")),
        Path.of(gateway.getString("authorizedKeys", "conf/node_keys")));
    }
  }

  public static ContentSettings from(JsonObject content) {
    List<NodeSettings> nodes = new ArrayList<>();
    for (Object node : content.getJsonArray("nodes", new JsonArray())) {
      nodes.add(NodeSettings.from((JsonObject) node));
    }
    String instanceId = content.getString("instanceId", "");
    if (!instanceId.isEmpty() && !instanceId.matches(INSTANCE_ID)) {
      throw new IllegalArgumentException("content.instanceId must be 1-64 letters, digits, '.', '_' or '-'");
    }
    double high = content.getDouble("highWatermark", 0.9);
    double low = content.getDouble("lowWatermark", 0.7);
    if (!(0 < low && low <= high && high <= 1)) {
      throw new IllegalArgumentException("content watermarks need 0 < lowWatermark <= highWatermark <= 1");
    }
    return new ContentSettings(Path.of(content.getString("cacheDir", "data/cache")),
      content.getLong("cacheMaxBytes", 1L << 30), high, low,
      content.getLong("maxUploadBytes", 2L << 30), content.getInteger("replication", 1),
      content.getLong("evictionIntervalMillis", 30_000L), content.getLong("accessFlushMillis", 5_000L),
      content.getLong("nodeConnectTimeoutMillis", 10_000L), content.getLong("nodeReadTimeoutMillis", 15_000L),
      content.getInteger("nodeKeepaliveSeconds", 15), List.copyOf(nodes),
      GatewaySettings.from(content.getJsonObject("gateway", new JsonObject())), instanceId,
      content.getString("peerUrl", "").replaceAll("/+$", ""), content.getLong("peerConnectTimeoutMillis", 2_000L),
      content.getLong("peerReadTimeoutMillis", 5_000L));
  }

  long highBytes() {
    return (long) (cacheMaxBytes * highWatermark);
  }

  long lowBytes() {
    return (long) (cacheMaxBytes * lowWatermark);
  }
}
