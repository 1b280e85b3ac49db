package org.tidings.content;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import org.tidings.bus.Call;
import org.tidings.bus.Failure;
import org.tidings.content.node.NodeGateway;
import org.tidings.content.node.Nodes;
import org.tidings.db.DatabaseUrl;
import org.tidings.db.Pools;

/**
 * The content store of one instance, assembled: its pool, disk cache, nodes and the classes
 * holding the rules. {@link ContentVerticle} binds its event-bus addresses; the gateway
 * streams file bytes through {@link #store()}.
 */
public final class ContentService {

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

  private ContentService(Vertx vertx, Pool pool, DiskCache cache, Nodes nodes, FileRecords records, AccessLog accessLog,
                         Eviction eviction, ContentStore store, ContentSettings settings, NodeGateway gateway) {
    this.vertx = vertx;
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
    return cache.open().map(opened -> {
      Pool pool = Pools.create(vertx, url, poolSize, "content");
      Nodes nodes = new Nodes(vertx, settings);
      Blobs blobs = new Blobs(pool, cache, nodes, new KeyedLock());
      FileRecords records = new FileRecords(vertx, pool, new ReadAccess(vertx, pool), blobs);
      AccessLog accessLog = new AccessLog(pool);
      Eviction eviction = new Eviction(pool, cache, nodes, blobs, settings);
      Fetches fetches = new Fetches(vertx, cache, blobs, nodes, settings.nodeReadTimeoutMillis());
      ContentStore store = new ContentStore(cache, records, blobs, accessLog, eviction, fetches,
        settings.maxUploadBytes());
      return new ContentService(vertx, pool, cache, nodes, records, accessLog, eviction, store, settings,
        settings.gateway().enabled() ? new NodeGateway(settings, nodes) : null);
    }).compose(service -> service.gateway == null ? Future.succeededFuture(service)
      : vertx.executeBlocking(() -> {
        service.gateway.start();
        return service;
      }).onFailure(e -> service.close()));
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

  /** Timer work: write batched access times, then evict if the cache is past its high mark. */
  public Future<Void> housekeeping() {
    return accessLog.flush().onComplete(done -> eviction.nudge());
  }

  public Future<JsonObject> cacheHealth(Call call) {
    return pool.query("SELECT 1").execute().map(rows -> new JsonObject()
      .put("usedBytes", cache.used()).put("maxBytes", cache.maxBytes()));
  }

  /** Every node's state; down when nodes are configured and none is reachable. */
  public Future<JsonObject> nodesHealth(Call call) {
    return nodes.health().compose(list -> {
      boolean anyUp = list.isEmpty() || list.stream().anyMatch(n -> ((JsonObject) n).getBoolean("reachable", false));
      return anyUp ? Future.succeededFuture(new JsonObject().put("nodes", list))
        : Future.failedFuture(Failure.of(503, "unavailable", list.encode()));
    });
  }

  public Future<Void> close() {
    Future<Void> gatewayStopped = gateway == null ? Future.succeededFuture() : vertx.executeBlocking(() -> {
      gateway.stop();
      return null;
    });
    return gatewayStopped.recover(e -> Future.succeededFuture())
      .compose(ignored -> accessLog.flush()).recover(e -> Future.succeededFuture())
      .compose(ignored -> nodes.close())
      .eventually(pool::close);
  }
}
