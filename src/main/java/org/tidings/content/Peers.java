package org.tidings.content;

import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;

/**
 * The instances of a cluster as the content store sees them: each writes its id and peer URL
 * to {@code content.instances} at start and on every housekeeping tick, and removes it when it
 * stops. An instance not heard of for {@code staleMillis} is taken for gone, so a crashed one
 * is not asked for long; one that is asked and does not answer costs a connect timeout.
 */
final class Peers {

  private static final Logger LOG = LoggerFactory.getLogger(Peers.class);

  private final Pool pool;
  private final String instance;
  private final String url;
  private final long staleMillis;

  Peers(Pool pool, String instance, String url, long staleMillis) {
    this.pool = pool;
    this.instance = instance;
    this.url = url;
    this.staleMillis = staleMillis;
  }

  Future<Void> heartbeat() {
    return pool.preparedQuery(ContentQueries.HEARTBEAT).execute(Tuple.of(instance, url)).mapEmpty();
  }

  Future<Void> retire() {
    return pool.preparedQuery(ContentQueries.RETIRE).execute(Tuple.of(instance)).mapEmpty();
  }

  /** Live instances other than this one whose cache holds the blob, most recently used first. */
  Future<List<Peer>> holding(String hash) {
    return pool.preparedQuery(ContentQueries.PEERS_HOLDING).execute(Tuple.of(hash, instance, staleMillis))
      .map(rows -> {
        List<Peer> peers = new ArrayList<>();
        rows.forEach(row -> peers.add(new Peer(row.getString("id"), row.getString("peer_url"))));
        return peers;
      })
      .recover(e -> {
        LOG.warn("Could not look up which instances hold blob {}; trying nodes only", hash, e);
        return Future.succeededFuture(List.of());
      });
  }

  Future<Long> live() {
    return pool.preparedQuery(ContentQueries.LIVE_PEERS).execute(Tuple.of(instance, staleMillis))
      .map(rows -> rows.iterator().next().getLong("peers"));
  }
}
