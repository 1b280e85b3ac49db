package org.tidings.content;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.tidings.bus.Failure;
import org.tidings.content.node.NodeClient;
import org.tidings.content.node.Nodes;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Cold reads: brings a blob that is not in this cache from another instance's cache or, failing
 * that, from a node that holds it, once however many clients ask at the same time. Peers, then
 * nodes, are tried in turn until one starts sending; a node silent for longer than the read
 * timeout is cut off. The bytes land in a temporary file and become the cached copy only when
 * their hash checks out.
 */
final class Fetches {

  private static final Logger LOG = LoggerFactory.getLogger(Fetches.class);

  private final Vertx vertx;
  private final DiskCache cache;
  private final Blobs blobs;
  private final Nodes nodes;
  private final PeerFetch peers;
  private final long readTimeoutMillis;
  private final Map<String, Fetch> running = new ConcurrentHashMap<>();

  Fetches(Vertx vertx, DiskCache cache, Blobs blobs, Nodes nodes, PeerFetch peers, long readTimeoutMillis) {
    this.vertx = vertx;
    this.cache = cache;
    this.blobs = blobs;
    this.nodes = nodes;
    this.peers = peers;
    this.readTimeoutMillis = readTimeoutMillis;
  }

  /**
   * The transfer of {@code blob} (running or started now), once its first bytes are in. A
   * caller that missed the cached copy just before a transfer of it ended (its last client can
   * be served before the file is renamed) reads that copy instead of starting another transfer.
   */
  Future<Fetch> fetch(Blob blob, List<Peer> holders) {
    if (blob == null) {
      return Future.failedFuture(unavailable());
    }
    Fetch current = running.get(blob.hash());
    if (current != null) {
      return current.started().map(current);
    }
    return cache.contains(blob.hash()).compose(cached -> cached
      ? Future.succeededFuture(Fetch.complete(vertx, blob.hash(), blob.size(), cache.path(blob.hash())))
      : join(blob, holders));
  }

  private Future<Fetch> join(Blob blob, List<Peer> holders) {
    if (blob.nodes().isEmpty() && holders.isEmpty()) {
      return Future.failedFuture(unavailable());
    }
    boolean[] created = {false};
    Fetch fetch = running.computeIfAbsent(blob.hash(), hash -> {
      created[0] = true;
      return new Fetch(vertx, hash, blob.size(), cache.temp(UUID.randomUUID().toString()), cache.path(hash));
    });
    if (created[0]) {
      start(fetch, blob, holders);
    }
    return fetch.started().map(fetch);
  }

  private void start(Fetch fetch, Blob blob, List<Peer> holders) {
    if (!cache.claim(blob.size())) {
      running.remove(blob.hash(), fetch);
      fetch.finish(Failure.unavailable("The cache is full; try again later"));
      return;
    }
    LOG.info("Fetching blob {} from instances {}, then nodes {}", blob.hash(), holders.stream().map(Peer::id).toList(),
      blob.nodes());
    peers.copy(fetch, blob, holders)
      .compose(fromPeer -> fromPeer ? Future.succeededFuture() : fromNodes(fetch, blob))
      .compose(ignored -> blobs.locks().run(blob.hash(), () -> cache.adopt(fetch.temp(), blob.hash())
        .compose(adopted -> blobs.markCached(blob.hash(), blob.size()))))
      .onComplete(result -> {
        running.remove(blob.hash(), fetch);
        if (result.succeeded()) {
          LOG.info("Blob {} is cached again", blob.hash());
          fetch.finish(null);
          return;
        }
        LOG.warn("Fetching blob {} failed", blob.hash(), result.cause());
        Throwable reason = fetch.available() > 0 ? result.cause() : unavailable();
        cache.discard(fetch.temp(), blob.size()).onComplete(done -> fetch.finish(reason));
      });
  }

  private Future<Void> fromNodes(Fetch fetch, Blob blob) {
    List<NodeClient> candidates = new ArrayList<>();
    blob.nodes().forEach(name -> nodes.node(name).ifPresent(candidates::add));
    long startedNanos = System.nanoTime();
    long watchdog = vertx.setPeriodic(Math.max(100, readTimeoutMillis / 4), id -> {
      long silentSince = Math.max(startedNanos, fetch.lastProgressNanos());
      if ((System.nanoTime() - silentSince) / 1_000_000 > readTimeoutMillis) {
        candidates.forEach(NodeClient::reset);
      }
    });
    return nodes.<Void>blocking(() -> {
        copy(fetch, blob, candidates);
        return null;
      })
      .onComplete(done -> vertx.cancelTimer(watchdog));
  }

  /** Blocking: streams the blob from the first node that sends it into the temporary file. */
  private static void copy(Fetch fetch, Blob blob, List<NodeClient> candidates) throws IOException {
    IOException last = new IOException("no node holds blob " + blob.hash());
    for (NodeClient node : candidates) {
      if (!node.reachable()) {
        continue;
      }
      try {
        copyFrom(node, fetch, blob);
        return;
      } catch (IOException e) {
        last = e;
        if (fetch.available() > 0) {
          throw e;
        }
        LOG.warn("Node {} could not send blob {}; trying the next", node.name(), blob.hash(), e);
      }
    }
    throw last;
  }

  private static void copyFrom(NodeClient node, Fetch fetch, Blob blob) throws IOException {
    try (NodeFetchFile file = NodeFetchFile.create(fetch, blob, node.name())) {
      node.copy(blob.hash(), file);
      file.verify();
    }
  }

  static RuntimeException unavailable() {
    return Failure.unavailable("The file's bytes are on instances or storage nodes that cannot be reached now");
  }
}
