package org.tidings.content;

import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * "Last used" times of blobs, kept in memory and written in one batched statement by
 * {@link #flush()}, so that a download costs no write of its own.
 */
final class AccessLog {

  private final Pool pool;
  private final Map<String, OffsetDateTime> pending = new ConcurrentHashMap<>();

  AccessLog(Pool pool) {
    this.pool = pool;
  }

  void touch(String hash) {
    pending.put(hash, OffsetDateTime.now(ZoneOffset.UTC));
  }

  Future<Void> flush() {
    if (pending.isEmpty()) {
      return Future.succeededFuture();
    }
    List<String> hashes = new ArrayList<>();
    List<OffsetDateTime> times = new ArrayList<>();
    for (String hash : List.copyOf(pending.keySet())) {
      OffsetDateTime at = pending.remove(hash);
      if (at != null) {
        hashes.add(hash);
        times.add(at);
      }
    }
    return pool.preparedQuery(ContentQueries.TOUCH_BLOBS)
      .execute(Tuple.tuple().addArrayOfString(hashes.toArray(String[]::new))
        .addArrayOfOffsetDateTime(times.toArray(OffsetDateTime[]::new)))
      .mapEmpty();
  }
}
