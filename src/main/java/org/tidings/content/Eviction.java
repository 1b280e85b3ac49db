package org.tidings.content;

import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.Tuple;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.tidings.content.node.NodeClient;
import org.tidings.content.node.Nodes;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Keeps this instance's disk cache under its limits. Past the high watermark (checked after
 * uploads and on a timer) the blobs least recently used here leave this cache until it is
 * under the low one; other instances' copies are theirs to manage. A copy goes only when
 * enough nodes hold the blob verified by hash (copies are made first), whatever other caches
 * hold: another instance may be gone or evicting the same blob at the same moment, so only a
 * node copy makes dropping safe. Bytes that exist nowhere else are never dropped. One pass
 * runs at a time.
 */
final class Eviction {

  private static final Logger LOG = LoggerFactory.getLogger(Eviction.class);
  private static final int BATCH = 64;

  private final Pool pool;
  private final DiskCache cache;
  private final CacheCopies copies;
  private final Nodes nodes;
  private final Blobs blobs;
  private final ContentSettings settings;
  private Future<Void> pass;

  Eviction(Pool pool, DiskCache cache, CacheCopies copies, Nodes nodes, Blobs blobs, ContentSettings settings) {
    this.pool = pool;
    this.cache = cache;
    this.copies = copies;
    this.nodes = nodes;
    this.blobs = blobs;
    this.settings = settings;
  }

  /** Makes room for {@code bytes} more if it can; answers whether they fit now. */
  Future<Boolean> makeRoom(long bytes) {
    if (cache.used() + bytes <= settings.highBytes()) {
      return Future.succeededFuture(true);
    }
    if (cache.fits(bytes)) {
      nudge();
      return Future.succeededFuture(true);
    }
    long target = Math.min(settings.lowBytes(), cache.maxBytes() - bytes);
    if (target < 0) {
      return Future.succeededFuture(false);
    }
    return run(target).map(ignored -> cache.fits(bytes));
  }

  /** Starts a pass in the background if the cache is past its high watermark. */
  void nudge() {
    if (cache.used() > settings.highBytes()) {
      run(settings.lowBytes());
    }
  }

  private synchronized Future<Void> run(long target) {
    if (pass == null) {
      pass = evictUntil(target)
        .onFailure(e -> LOG.warn("Eviction pass failed", e))
        .recover(e -> Future.succeededFuture())
        .onComplete(done -> {
          synchronized (this) {
            pass = null;
          }
        });
    }
    return pass;
  }

  private Future<Void> evictUntil(long target) {
    if (cache.used() <= target) {
      return Future.succeededFuture();
    }
    return Future.all(copies.leastRecentlyUsed(BATCH), pool.query(ContentQueries.NODE_USAGE).execute())
      .compose(both -> {
        List<Blob> candidates = both.resultAt(0);
        Map<String, Long> usage = new HashMap<>();
        both.<RowSet<Row>>resultAt(1).forEach(row -> usage.put(row.getString("node"), row.getLong("used")));
        long before = cache.used();
        Future<Void> chain = Future.succeededFuture();
        for (Blob blob : candidates) {
          chain = chain.compose(ignored -> cache.used() <= target ? Future.succeededFuture() : evict(blob, usage));
        }
        return chain.compose(ignored -> cache.used() < before ? evictUntil(target) : Future.succeededFuture());
      });
  }

  /** Copies the blob to nodes until it has enough verified replicas, then drops the cached copy. */
  private Future<Void> evict(Blob candidate, Map<String, Long> usage) {
    return blobs.locks().run(candidate.hash(), () -> Future.all(blobs.find(candidate.hash()), copies.holds(candidate.hash()))
      .compose(found -> {
        Blob blob = found.resultAt(0);
        if (blob == null || !found.<Boolean>resultAt(1)) {
          return Future.succeededFuture();
        }
        return replicate(blob, usage).compose(holders -> {
          if (holders < settings.replication() || holders == 0) {
            return Future.succeededFuture();
          }
          return copies.remove(blob.hash()).compose(ignored -> cache.remove(blob.hash(), blob.size()));
        });
      })).recover(e -> {
      LOG.warn("Could not evict blob {}", candidate.hash(), e);
      return Future.succeededFuture();
    });
  }

  private Future<Integer> replicate(Blob blob, Map<String, Long> usage) {
    int missing = settings.replication() - blob.nodes().size();
    Future<Integer> holders = Future.succeededFuture(blob.nodes().size());
    for (NodeClient node : nodes.all()) {
      if (missing <= 0) {
        break;
      }
      long used = usage.getOrDefault(node.name(), 0L);
      if (blob.nodes().contains(node.name()) || !node.reachable() || used + blob.size() > node.capacity()) {
        continue;
      }
      missing--;
      holders = holders.compose(count -> nodes.put(node, blob.hash(), cache.path(blob.hash()))
        .compose(ignored -> pool.preparedQuery(ContentQueries.ADD_NODE).execute(Tuple.of(blob.hash(), node.name())))
        .compose(listed -> {
          if (listed.rowCount() == 0) {
            return dropOrphanCopy(blob, node);
          }
          usage.merge(node.name(), blob.size(), Long::sum);
          return Future.succeededFuture(count + 1);
        })
        .recover(e -> {
          LOG.warn("Could not copy blob {} to node {}", blob.hash(), node.name(), e);
          return Future.succeededFuture(count);
        }));
    }
    return holders;
  }

  /**
   * The blob's last record was deleted through another instance while its bytes were on their
   * way to {@code node}: that delete could not know of this copy, so it goes here. The cached
   * copy is left to the delete's notice, which waits for this pass to let go of the blob.
   */
  private Future<Integer> dropOrphanCopy(Blob blob, NodeClient node) {
    LOG.info("Blob {} was deleted while it was copied to node {}: deleting that copy", blob.hash(), node.name());
    return nodes.delete(blob.hash(), List.of(node.name())).map(0).recover(e -> {
      LOG.warn("Could not delete the copy of deleted blob {} on node {}", blob.hash(), node.name(), e);
      return Future.succeededFuture(0);
    });
  }
}
