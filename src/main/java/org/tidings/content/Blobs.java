package org.tidings.content;

import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.Tuple;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.tidings.content.node.Nodes;

import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The blob rows and the bytes they stand for. A new record either adopts the uploaded
 * bytes (a new hash, or one whose cached copy was evicted or lost) or points at the stored ones and
 * drops its temporary file (dedup). Bytes go, from the cache and from every node, only when
 * the last record pointing at them is deleted. Work on one hash never interleaves.
 */
final class Blobs {

  private static final Logger LOG = LoggerFactory.getLogger(Blobs.class);

  private final Pool pool;
  private final DiskCache cache;
  private final Nodes nodes;
  private final KeyedLock locks;

  Blobs(Pool pool, DiskCache cache, Nodes nodes, KeyedLock locks) {
    this.pool = pool;
    this.cache = cache;
    this.nodes = nodes;
    this.locks = locks;
  }

  KeyedLock locks() {
    return locks;
  }

  Future<Blob> find(String hash) {
    return pool.preparedQuery(ContentQueries.BLOB).execute(Tuple.of(hash))
      .map(rows -> rows.size() == 0 ? null : Blob.of(rows.iterator().next()));
  }

  Future<Void> markCached(String hash) {
    return pool.preparedQuery(ContentQueries.MARK_CACHED).execute(Tuple.of(hash, true)).mapEmpty();
  }

  /** Stores the record of a finished upload; the temporary file is adopted or deleted. */
  Future<FileRecord> commit(HashingFile upload, UUID owner, String name, String type) {
    String hash = upload.hash();
    long size = upload.size();
    AtomicBoolean adopted = new AtomicBoolean();
    return locks.run(hash, () -> pool.withTransaction(conn -> conn.preparedQuery(ContentQueries.UPSERT_BLOB)
        .execute(Tuple.of(hash, size))
        .compose(rows -> rows.iterator().next().getBoolean("cached") ? cache.contains(hash) : Future.succeededFuture(false))
        .compose(present -> present
          ? Future.succeededFuture()
          : cache.adopt(upload.temp().path(), hash)
            .onSuccess(ignored -> adopted.set(true))
            .compose(ignored -> conn.preparedQuery(ContentQueries.MARK_CACHED).execute(Tuple.of(hash, true))))
        .compose(ignored -> conn.preparedQuery(ContentQueries.INSERT_FILE)
          .execute(Tuple.of(owner, name, hash, size, type)))
        .map(rows -> FileRecord.of(rows.iterator().next())))
      .transform(result -> {
        if (result.succeeded()) {
          return adopted.get() ? Future.succeededFuture(result.result())
            : upload.discard().map(result.result());
        }
        Future<Void> cleanup = adopted.get() ? cache.remove(hash, size) : upload.discard();
        return cleanup.transform(ignored -> Future.failedFuture(result.cause()));
      }));
  }

  /** Deletes a record; its bytes go too when it was the last one pointing at them. */
  Future<Void> deleteRecord(FileRecord file) {
    return locks.run(file.hash(), () -> pool.withTransaction(conn -> conn.preparedQuery(ContentQueries.DELETE_FILE)
        .execute(Tuple.of(file.id()))
        .compose(ignored -> conn.preparedQuery(ContentQueries.DELETE_ORPHAN_BLOB).execute(Tuple.of(file.hash()))))
      .compose(orphan -> orphan.size() == 0 ? Future.succeededFuture() : dropBytes(file, orphan)));
  }

  private Future<Void> dropBytes(FileRecord file, RowSet<Row> orphan) {
    Row row = orphan.iterator().next();
    String[] holders = row.getArrayOfStrings("nodes");
    List<String> onNodes = holders == null ? List.of() : Arrays.asList(holders);
    return Future.join(cache.remove(file.hash(), file.size()), nodes.delete(file.hash(), onNodes))
      .onFailure(e -> LOG.warn("Bytes of {} could not all be deleted", file.hash(), e))
      .<Void>mapEmpty()
      .recover(e -> Future.succeededFuture());
  }
}
