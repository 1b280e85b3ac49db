package org.tidings.content.node;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.apache.sshd.client.SshClient;
import org.apache.sshd.client.keyverifier.RejectAllServerKeyVerifier;
import org.apache.sshd.core.CoreModuleProperties;
import org.tidings.content.ContentSettings;
import org.tidings.content.ContentSettings.NodeSettings;

import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * The configured storage nodes and the worker threads their blocking SFTP calls run on.
 * One MINA {@link SshClient} serves them all (keepalive on, every host key checked against
 * the node's known_hosts). Tunnel nodes are reachable while {@link NodeGateway} holds their
 * reverse tunnel open.
 */
public final class Nodes {

  private static final int WORKERS = 16;
  /**
   * What a node may send before the client reads it: 8 MiB keeps 32 of OpenSSH's largest
   * reads in flight (MINA's 2 MiB default held 8, too few to keep the node busy on loopback).
   */
  private static final long WINDOW = 8L * 1024 * 1024;
  /**
   * The largest channel data packet a node may send: four times MINA's 32 KiB default, so a
   * 255 KiB SFTP answer comes in 2 packets instead of 8 (each packet costs both sides a
   * cipher set-up, a MAC check and a dispatch). OpenSSH refuses packets past 256 KiB.
   */
  private static final long PACKET = 128L * 1024;

  private final SshClient ssh;
  private final WorkerExecutor workers;
  private final Map<String, NodeClient> byName = new ConcurrentHashMap<>();
  private final List<NodeClient> all = new ArrayList<>();
  private final Map<String, InetSocketAddress> tunnels = new ConcurrentHashMap<>();

  public Nodes(Vertx vertx, ContentSettings settings) {
    ssh = SshClient.setUpDefaultClient();
    ssh.setCipherFactories(Ciphers.CLIENT);
    ssh.setServerKeyVerifier(RejectAllServerKeyVerifier.INSTANCE);
    CoreModuleProperties.HEARTBEAT_INTERVAL.set(ssh, Duration.ofSeconds(settings.nodeKeepaliveSeconds()));
    CoreModuleProperties.HEARTBEAT_NO_REPLY_MAX.set(ssh, 3);
    CoreModuleProperties.WINDOW_SIZE.set(ssh, WINDOW);
    CoreModuleProperties.MAX_PACKET_SIZE.set(ssh, PACKET);
    // A download's READ requests are small packets sent while the node's answers stream back:
    // with Nagle's algorithm (MINA's default) each waited for the ACK of the one before, and
    // the node sat idle between answers (cold downloads 0.8 of sftp get on loopback, 1.1 without).
    CoreModuleProperties.TCP_NODELAY.set(ssh, true);
    ssh.start();
    workers = vertx.createSharedWorkerExecutor("tidings-nodes", WORKERS, 1, TimeUnit.DAYS);
    Duration connectTimeout = Duration.ofMillis(settings.nodeConnectTimeoutMillis());
    for (NodeSettings node : settings.nodes()) {
      NodeClient client = new NodeClient(node, ssh, node.tunnel()
        ? () -> Optional.ofNullable(tunnels.get(node.name()))
        : () -> Optional.of(InetSocketAddress.createUnresolved(node.host(), node.port())), connectTimeout);
      all.add(client);
      byName.put(node.name(), client);
    }
  }

  public List<NodeClient> all() {
    return List.copyOf(all);
  }

  public Optional<NodeClient> node(String name) {
    return Optional.ofNullable(byName.get(name));
  }

  /** Runs blocking node work on the node workers (never an event loop). */
  public <T> Future<T> blocking(Callable<T> work) {
    return workers.executeBlocking(work, false);
  }

  public Future<Void> put(NodeClient node, String hash, Path local) {
    return blocking(() -> {
      node.put(hash, local);
      return null;
    });
  }

  /** Deletes a blob's copies from the named nodes. */
  public Future<Void> delete(String hash, List<String> names) {
    List<Future<Void>> deletions = names.stream()
      .map(this::node)
      .flatMap(Optional::stream)
      .map(node -> this.<Void>blocking(() -> {
        node.delete(hash);
        return null;
      }))
      .toList();
    return Future.all(deletions).mapEmpty();
  }

  /** Each node: reachable, free bytes under its root, and how long that question took. */
  public Future<JsonArray> health() {
    List<Future<JsonObject>> probes = all.stream().map(node -> blocking(() -> {
      JsonObject status = new JsonObject().put("name", node.name()).put("capacity", node.capacity());
      if (!node.reachable()) {
        return status.put("reachable", false);
      }
      long start = System.nanoTime();
      try {
        long free = node.free();
        return status.put("reachable", true).put("freeBytes", free)
          .put("latencyMillis", (System.nanoTime() - start) / 1_000_000);
      } catch (Exception e) {
        return status.put("reachable", false).put("error", String.valueOf(e.getMessage()));
      }
    })).toList();
    return Future.join(probes).map(done -> new JsonArray(probes.stream().map(Future::result).toList()));
  }

  /** Called by the gateway when a tunnel node's reverse forward is up at {@code at}. */
  public void tunnelOpened(String name, InetSocketAddress at) {
    tunnels.put(name, at);
  }

  public void tunnelClosed(String name, InetSocketAddress at) {
    tunnels.remove(name, at);
    node(name).ifPresent(NodeClient::reset);
  }

  public Future<Void> close() {
    return blocking(() -> {
      all.forEach(NodeClient::reset);
      ssh.stop();
      return null;
    }).<Void>mapEmpty().eventually(workers::close);
  }
}
