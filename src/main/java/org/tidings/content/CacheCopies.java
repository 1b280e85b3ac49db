package org.tidings.content;

import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;

import java.util.ArrayList;
import java.util.List;

/**
 * The rows saying which blobs sit in this instance's cache ({@code content.blob_copies}). Every
 * instance of a cluster has its own cache, so each decision about cached bytes (dedup on upload,
 * eviction, fetching from a peer) reads the rows of one instance, never a flag of the blob.
 */
final class CacheCopies {

  private final Pool pool;
  private final String instance;

  CacheCopies(Pool pool, String instance) {
    this.pool = pool;
    this.instance = instance;
  }

  String instance() {
    return instance;
  }

  /**
   * Makes the rows match the blob files found in the cache folder at start (the folder is the
   * truth about what this instance holds) and answers the hashes no blob row stands for: their
   * last record was deleted while this instance was not listening.
   */
  Future<List<String>> reconcile(List<String> found) {
    String[] hashes = found.toArray(String[]::new);
    Tuple mine = Tuple.tuple().addString(instance).addArrayOfString(hashes);
    return pool.withTransaction(conn -> conn.preparedQuery(ContentQueries.FORGET_MISSING_COPIES).execute(mine)
      .compose(ignored -> conn.preparedQuery(ContentQueries.RECORD_FOUND_COPIES).execute(mine))
      .compose(ignored -> conn.preparedQuery(ContentQueries.UNKNOWN_HASHES).execute(Tuple.tuple().addArrayOfString(hashes)))
      .map(rows -> {
        List<String> unknown = new ArrayList<>();
        rows.forEach(row -> unknown.add(row.getString("hash")));
        return unknown;
      }));
  }

  /** This instance now holds the blob; false, and no row, when the blob itself is gone. */
  Future<Boolean> add(SqlClient client, String hash) {
    return client.preparedQuery(ContentQueries.ADD_COPY).execute(Tuple.of(hash, instance)).map(rows -> rows.rowCount() > 0);
  }

  Future<Boolean> add(String hash) {
    return add(pool, hash);
  }

  Future<Void> remove(String hash) {
    return pool.preparedQuery(ContentQueries.REMOVE_COPY).execute(Tuple.of(hash, instance)).mapEmpty();
  }

  Future<Boolean> holds(String hash) {
    return pool.preparedQuery(ContentQueries.HOLDS_COPY).execute(Tuple.of(hash, instance)).map(rows -> rows.size() > 0);
  }

  /** The blobs in this cache, least recently used here first. */
  Future<List<Blob>> leastRecentlyUsed(int limit) {
    return pool.preparedQuery(ContentQueries.CACHED_LRU).execute(Tuple.of(instance, limit))
      .map(rows -> {
        List<Blob> blobs = new ArrayList<>();
        rows.forEach(row -> blobs.add(Blob.of(row)));
        return blobs;
      });
  }

  Future<Long> count() {
    return pool.preparedQuery(ContentQueries.COUNT_COPIES).execute(Tuple.of(instance))
      .map(rows -> rows.iterator().next().getLong("copies"));
  }
}
