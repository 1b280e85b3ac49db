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
 * "Last used" times of this instance's cached copies, kept in memory and written in one
 * batched statement by {@link #flush()}, so that a download costs no write of its own.
 */
final class AccessLog {

  private final Pool pool;
  private final String instance;
  private final Map<String, OffsetDateTime> pending = new ConcurrentHashMap<>();

  AccessLog(Pool pool, String instance) {
    this.pool = pool;
    this.instance = instance;
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
    return pool.preparedQuery(ContentQueries.TOUCH_COPIES)
      .execute(Tuple.tuple().addArrayOfString(hashes.toArray(String[]::new))
        .addArrayOfOffsetDateTime(times.toArray(OffsetDateTime[]::new)).addString(instance))
      .mapEmpty();
  }
}
