package org.tidings.content;

/** Every statement the content service runs; parameters are always bound, never spliced. */
final class ContentQueries {

  private ContentQueries() {
  }

  static final String FILE = """
    SELECT id, owner, filename_visible, size, hash, type, uploaded_at FROM content.files WHERE id = $1""";

  static final String INSERT_FILE = """
    INSERT INTO content.files (owner, filename_visible, filename_internal, size, hash, type)
    VALUES ($1, $2, $3, $4, $3, $5)
    RETURNING id, owner, filename_visible, size, hash, type, uploaded_at""";

  /** A forward: the same bytes under a new record owned by the forwarder. */
  static final String COPY_FILE = """
    INSERT INTO content.files (owner, filename_visible, filename_internal, size, hash, type)
    SELECT $2, filename_visible, filename_internal, size, hash, type FROM content.files WHERE id = $1
    RETURNING id""";

  static final String GRANTED = """
    SELECT 1 FROM content.file_permissions WHERE file_id = $1 AND data -> 'readers' ? $2""";

  static final String DELETE_FILE = """
    DELETE FROM content.files WHERE id = $1 RETURNING hash""";

  /** Takes the blob row's lock; {@code created} tells a new blob from a dedup hit. */
  static final String UPSERT_BLOB = """
    INSERT INTO content.blobs (hash, size, cached) VALUES ($1, $2, false)
    ON CONFLICT (hash) DO UPDATE SET last_access = now()
    RETURNING cached, (xmax = 0) AS created""";

  static final String MARK_CACHED = """
    UPDATE content.blobs SET cached = $2 WHERE hash = $1""";

  /** Drops a blob that no record points at any more, answering where its bytes were. */
  static final String DELETE_ORPHAN_BLOB = """
    DELETE FROM content.blobs b WHERE b.hash = $1 AND NOT EXISTS (SELECT 1 FROM content.files f WHERE f.hash = $1)
    RETURNING cached, nodes""";

  static final String BLOB = """
    SELECT hash, size, cached, nodes FROM content.blobs WHERE hash = $1""";

  /** Cached blobs, least recently used first: eviction candidates. */
  static final String CACHED_LRU = """
    SELECT hash, size, cached, nodes FROM content.blobs WHERE cached ORDER BY last_access LIMIT $1""";

  static final String ADD_NODE = """
    UPDATE content.blobs SET nodes = array_append(nodes, $2) WHERE hash = $1 AND NOT ($2 = ANY(nodes))""";

  /** Bytes kept on each node, for placing new copies within capacity. */
  static final String NODE_USAGE = """
    SELECT node, sum(size) AS used FROM content.blobs, unnest(nodes) AS node GROUP BY node""";

  /** Last-access times collected in memory, written in one statement. */
  static final String TOUCH_BLOBS = """
    UPDATE content.blobs b SET last_access = greatest(b.last_access, t.at)
    FROM unnest($1::text[], $2::timestamptz[]) AS t(hash, at) WHERE b.hash = t.hash""";
}
