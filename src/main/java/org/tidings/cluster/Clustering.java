package org.tidings.cluster;

import com.hazelcast.config.Config;
import com.hazelcast.config.JoinConfig;
import com.hazelcast.config.NetworkConfig;
import io.vertx.core.json.JsonObject;
import io.vertx.core.spi.cluster.ClusterManager;
import io.vertx.spi.cluster.hazelcast.ConfigUtil;
import io.vertx.spi.cluster.hazelcast.HazelcastClusterManager;

/**
 * The Hazelcast set-up: vertx-hazelcast's own defaults (the maps the event bus needs), joined
 * over TCP/IP to a fixed member list. Multicast stays off: it rarely crosses real networks
 * and would let strangers on the LAN join.
 */
public final class Clustering {

  private Clustering() {
  }

  public static ClusterManager manager(JsonObject cluster) {
    Config hazelcast = ConfigUtil.loadConfig();
    hazelcast.setClusterName(cluster.getString("name", "tidings"));
    hazelcast.setProperty("hazelcast.logging.type", "slf4j");
    hazelcast.setProperty("hazelcast.phone.home.enabled", "false");
    String host = cluster.getString("host", "127.0.0.1");
    NetworkConfig network = hazelcast.getNetworkConfig()
      .setPort(cluster.getInteger("port", 5701))
      .setPortAutoIncrement(true);
    network.getInterfaces().setEnabled(true).addInterface(host);
    JoinConfig join = network.getJoin();
    join.getMulticastConfig().setEnabled(false);
    join.getAutoDetectionConfig().setEnabled(false);
    join.getTcpIpConfig().setEnabled(true);
    cluster.getJsonArray("members").forEach(member -> join.getTcpIpConfig().addMember(String.valueOf(member)));
    return new HazelcastClusterManager(hazelcast);
  }
}
