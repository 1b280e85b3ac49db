package org.tidings.content;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.tidings.bus.Call;
import org.tidings.bus.Failure;
import org.tidings.content.node.NodeGateway;
import org.tidings.content.node.Nodes;
import org.tidings.db.DatabaseUrl;
import org.tidings.db.Pools;

import java.util.List;
import java.util.Map;

/**
 * The content store of one instance, assembled: its pool, disk cache, nodes and the classes
 * holding the rules. {@link ContentVerticle} binds its event-bus addresses; the gateway
 * streams file bytes through {@link #store()}.
 */
public final class ContentService {

  private static final Logger LOG = LoggerFactory.getLogger(ContentService.class);

  private final Pool pool;
  private final DiskCache cache;
  private final Nodes nodes;
  private final FileRecords records;
  private final AccessLog accessLog;
  private final Eviction eviction;
  private final ContentStore store;
  private final ContentSettings settings;
  private final NodeGateway gateway;
  private final Vertx vertx;
  private final Blobs blobs;
  private final CacheCopies copies;
  private final Peers peers;
  private final PeerFetch peerFetch;

  private ContentService(Vertx vertx, Pool pool, DiskCache cache, Nodes nodes, FileRecords records, AccessLog accessLog,
                         Eviction eviction, ContentStore store, ContentSettings settings, NodeGateway gateway,
                         Blobs blobs, CacheCopies copies, Peers peers, PeerFetch peerFetch) {
    this.vertx = vertx;
    this.blobs = blobs;
    this.copies = copies;
    this.peers = peers;
    this.peerFetch = peerFetch;
    this.gateway = gateway;
    this.pool = pool;
    this.cache = cache;
    this.nodes = nodes;
    this.records = records;
    this.accessLog = accessLog;
    this.eviction = eviction;
    this.store = store;
    this.settings = settings;
  }

  public static Future<ContentService> start(Vertx vertx, ContentSettings settings, DatabaseUrl url, int poolSize) {
    DiskCache cache = new DiskCache(vertx, settings.cacheDir(), settings.cacheMaxBytes());
    return Future.all(cache.open(), InstanceId.of(vertx, settings), signingKey(vertx)).compose(opened -> {
      Map<String, Long> found = opened.resultAt(0);
      String instance = opened.resultAt(1);
      Pool pool = Pools.create(vertx, url, poolSize, "content");
      CacheCopies copies = new CacheCopies(pool, instance);
      Nodes nodes = new Nodes(vertx, settings);
      Blobs blobs = new Blobs(vertx, pool, cache, copies, nodes, new KeyedLock());
      FileRecords records = new FileRecords(vertx, pool, new ReadAccess(vertx, pool), blobs, new Grants(vertx, pool));
      AccessLog accessLog = new AccessLog(pool, instance);
      Eviction eviction = new Eviction(pool, cache, copies, nodes, blobs, settings);
      PeerTokens peerTokens = new PeerTokens(vertx, opened.resultAt(2), instance);
      PeerFetch peerFetch = new PeerFetch(vertx, peerTokens, settings.peerConnectTimeoutMillis(),
        settings.peerReadTimeoutMillis());
      Peers peers = new Peers(pool, instance, settings.peerUrl(), peerStaleMillis(settings));
      Fetches fetches = new Fetches(vertx, cache, blobs, nodes, peerFetch, settings.nodeReadTimeoutMillis());
      ContentStore store = new ContentStore(cache, records, blobs, accessLog, eviction, fetches, peers, peerTokens,
        settings.maxUploadBytes());
      ContentService service = new ContentService(vertx, pool, cache, nodes, records, accessLog, eviction, store, settings,
        settings.gateway().enabled() ? new NodeGateway(settings, nodes) : null, blobs, copies, peers, peerFetch);
      LOG.info("Content store instance {} serves its cached blobs to the cluster at {}", instance, settings.peerUrl());
      return copies.reconcile(List.copyOf(found.keySet()))
        .compose(unknown -> service.dropUnknown(unknown, found))
        .compose(ignored -> peers.heartbeat())
        .map(service)
        .onFailure(e -> service.close());
    }).compose(service -> service.gateway == null ? Future.succeededFuture(service)
      : vertx.executeBlocking(() -> {
        service.gateway.start();
        return service;
      }).onFailure(e -> service.close()));
  }

  /** The cluster's token key, which signs the tokens instances show each other. */
  private static Future<String> signingKey(Vertx vertx) {
    return vertx.eventBus().<JsonObject>request("auth.signing-key", new JsonObject(), new DeliveryOptions().setLocalOnly(true))
      .map(reply -> reply.body().getString("secret"));
  }

  /** Three housekeeping ticks without a heartbeat, and at least 15 s: the instance is gone. */
  private static long peerStaleMillis(ContentSettings settings) {
    return Math.max(15_000, 3 * housekeepingMillis(settings));
  }

  public static long housekeepingMillis(ContentSettings settings) {
    return Math.min(settings.accessFlushMillis(), settings.evictionIntervalMillis());
  }

  /** Blobs in the folder whose last record went while this instance was not listening. */
  private Future<Void> dropUnknown(List<String> unknown, Map<String, Long> sizes) {
    if (!unknown.isEmpty()) {
      LOG.info("Dropping {} cached blobs no file points at any more", unknown.size());
    }
    Future<Void> dropped = Future.succeededFuture();
    for (String hash : unknown) {
      dropped = dropped.compose(ignored -> cache.remove(hash, sizes.get(hash)));
    }
    return dropped;
  }

  public ContentStore store() {
    return store;
  }

  public FileRecords records() {
    return records;
  }

  public ContentSettings settings() {
    return settings;
  }

  /** Timer work: say this instance is up, write batched access times, then evict if the cache is past its high mark. */
  public Future<Void> housekeeping() {
    return peers.heartbeat().eventually(accessLog::flush).onComplete(done -> eviction.nudge());
  }

  /** {@code content.blob-dropped}: another instance deleted a blob's last record. */
  public Future<Void> blobDropped(JsonObject notice) {
    return blobs.dropped(notice.getString("hash"), notice.getLong("size", 0L));
  }

  /** This instance's cache: its id, bytes used, blobs held, and how many other instances are up. */
  public Future<JsonObject> cacheHealth(Call call) {
    return Future.all(copies.count(), peers.live()).map(both -> new JsonObject()
      .put("instance", copies.instance())
      .put("usedBytes", cache.used()).put("maxBytes", cache.maxBytes())
      .put("blobs", both.<Long>resultAt(0))
      .put("livePeers", both.<Long>resultAt(1)));
  }

  /** Every node's state; down when nodes are configured and none is reachable. */
  public Future<JsonObject> nodesHealth(Call call) {
    return nodes.health().compose(list -> {
      boolean anyUp = list.isEmpty() || list.stream().anyMatch(n -> ((JsonObject) n).getBoolean("reachable", false));
      return anyUp ? Future.succeededFuture(new JsonObject().put("nodes", list))
        : Future.failedFuture(Failure.unavailable(list.encode()));
    });
  }

  public Future<Void> close() {
    Future<Void> gatewayStopped = gateway == null ? Future.succeededFuture() : vertx.executeBlocking(() -> {
      gateway.stop();
      return null;
    });
    return gatewayStopped.recover(e -> Future.succeededFuture())
      .compose(ignored -> peers.retire()).recover(e -> Future.succeededFuture())
      .compose(ignored -> peerFetch.close()).recover(e -> Future.succeededFuture())
      .compose(ignored -> accessLog.flush()).recover(e -> Future.succeededFuture())
      .compose(ignored -> nodes.close())
      .eventually(pool::close);
  }
}
