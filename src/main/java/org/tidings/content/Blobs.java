package org.tidings.content;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
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
 * The blob rows and the bytes they stand for. A new record always points at the one blob of
 * its hash (dedup); the uploaded bytes become this instance's cached copy unless it already
 * has one, even when another instance's cache or a node holds the blob: they are here already,
 * and the uploader is the likeliest next reader. Bytes go, from every cache and every node,
 * only when the last record pointing at them is deleted: this instance drops its own copy and
 * the nodes', and tells the others through {@link #DROPPED}. Work on one hash never interleaves
 * within an instance; across instances the blob row's lock orders uploads and deletes.
 */
final class Blobs {

  private static final Logger LOG = LoggerFactory.getLogger(Blobs.class);
  /** Published with {@code {hash, size}} when a blob's last record went: every cache drops its copy. */
  static final String DROPPED = "content.blob-dropped";

  private final Vertx vertx;
  private final Pool pool;
  private final DiskCache cache;
  private final CacheCopies copies;
  private final Nodes nodes;
  private final KeyedLock locks;

  Blobs(Vertx vertx, Pool pool, DiskCache cache, CacheCopies copies, Nodes nodes, KeyedLock locks) {
    this.vertx = vertx;
    this.pool = pool;
    this.cache = cache;
    this.copies = copies;
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

  /**
   * A blob fetched into this instance's cache is recorded as its copy. If its last record was
   * deleted while the bytes were on their way, the delete's notice found nothing to drop here,
   * so the copy goes now. Called under the blob's lock.
   */
  Future<Void> markCached(String hash, long size) {
    return copies.add(hash).compose(recorded -> recorded ? Future.succeededFuture() : dropDeleted(hash, size));
  }

  /** Stores the record of a finished upload; the temporary file is adopted or deleted. */
  Future<FileRecord> commit(HashingFile upload, UUID owner, String name, String type) {
    String hash = upload.hash();
    long size = upload.size();
    AtomicBoolean adopted = new AtomicBoolean();
    return locks.run(hash, () -> pool.withTransaction(conn -> conn.preparedQuery(ContentQueries.UPSERT_BLOB)
        .execute(Tuple.of(hash, size, copies.instance()))
        .compose(rows -> rows.iterator().next().getBoolean("here") ? cache.contains(hash) : Future.succeededFuture(false))
        .compose(present -> present
          ? Future.succeededFuture()
          : cache.adopt(upload.temp().path(), hash)
            .onSuccess(ignored -> adopted.set(true))
            .compose(ignored -> copies.add(conn, hash))
            .<Void>mapEmpty())
        .compose(ignored -> conn.preparedQuery(ContentQueries.INSERT_FILE)
          .execute(Tuple.of(owner, name, hash, size, type)))
        .map(rows -> FileRecord.of(rows.iterator().next())))
      .transform(result -> {
        if (result.succeeded()) {
          if (!adopted.get()) {
            // The bytes were already stored. The answer does not wait for the temporary copy to
            // go: freeing a large file takes the file system a while (75 ms for 256 MiB here,
            // a sixth of the whole upload), and a copy left by a crash goes at the next start.
            upload.discard().onFailure(e -> LOG.warn("Temporary copy of {} could not be deleted", hash, e));
          }
          return Future.succeededFuture(result.result());
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
    vertx.eventBus().publish(DROPPED, new JsonObject().put("hash", file.hash()).put("size", file.size()));
    return Future.join(cache.remove(file.hash(), file.size()), nodes.delete(file.hash(), onNodes))
      .onFailure(e -> LOG.warn("Bytes of {} could not all be deleted", file.hash(), e))
      .<Void>mapEmpty()
      .recover(e -> Future.succeededFuture());
  }

  /**
   * A {@link #DROPPED} notice: drops this instance's copy unless the blob is back (the same
   * bytes uploaded again since), in which case the copy is recorded again.
   */
  Future<Void> dropped(String hash, long size) {
    return locks.run(hash, () -> find(hash).compose(blob -> blob == null
      ? dropDeleted(hash, size)
      : cache.contains(hash).compose(present -> present ? copies.add(hash).<Void>mapEmpty() : Future.succeededFuture())));
  }

  /** Logged so that a copy left behind after a delete (a lost notice) can be traced in the logs. */
  private Future<Void> dropDeleted(String hash, long size) {
    return cache.contains(hash).compose(present -> {
      if (!present) {
        return Future.succeededFuture();
      }
      LOG.info("Blob {} has no file left: dropping this instance's copy", hash);
      return cache.remove(hash, size);
    });
  }
}
