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

  /** Takes the blob row's lock; {@code here} tells whether instance {@code $3} has a cached copy. */
  static final String UPSERT_BLOB = """
    INSERT INTO content.blobs (hash, size) VALUES ($1, $2)
    ON CONFLICT (hash) DO UPDATE SET last_access = now()
    RETURNING EXISTS (SELECT 1 FROM content.blob_copies c WHERE c.hash = $1 AND c.instance = $3) AS here""";

  /** Instance {@code $2} holds a copy of blob {@code $1} in its cache (nothing when the blob is gone). */
  static final String ADD_COPY = """
    INSERT INTO content.blob_copies (hash, instance) SELECT hash, $2 FROM content.blobs WHERE hash = $1
    ON CONFLICT (hash, instance) DO UPDATE SET last_access = now()""";

  static final String REMOVE_COPY = """
    DELETE FROM content.blob_copies WHERE hash = $1 AND instance = $2""";

  static final String HOLDS_COPY = """
    SELECT 1 FROM content.blob_copies WHERE hash = $1 AND instance = $2""";

  static final String COUNT_COPIES = """
    SELECT count(*) AS copies FROM content.blob_copies WHERE instance = $1""";

  /** At start: forget the copies of instance {@code $1} that are not among the hashes in its folder. */
  static final String FORGET_MISSING_COPIES = """
    DELETE FROM content.blob_copies WHERE instance = $1 AND NOT (hash = ANY($2::text[]))""";

  /** At start: record the copies in the folder of instance {@code $1} whose blob is known. */
  static final String RECORD_FOUND_COPIES = """
    INSERT INTO content.blob_copies (hash, instance) SELECT hash, $1 FROM content.blobs WHERE hash = ANY($2::text[])
    ON CONFLICT (hash, instance) DO NOTHING""";

  /** At start: hashes in the folder that no blob row stands for any more. */
  static final String UNKNOWN_HASHES = """
    SELECT h AS hash FROM unnest($1::text[]) AS h WHERE NOT EXISTS (SELECT 1 FROM content.blobs b WHERE b.hash = h)""";

  /** Drops a blob that no record points at any more, answering where its bytes were. */
  static final String DELETE_ORPHAN_BLOB = """
    DELETE FROM content.blobs b WHERE b.hash = $1 AND NOT EXISTS (SELECT 1 FROM content.files f WHERE f.hash = $1)
    RETURNING nodes""";

  static final String BLOB = """
    SELECT hash, size, nodes FROM content.blobs WHERE hash = $1""";

  /** Blobs in the cache of instance {@code $1}, least recently used there first: eviction candidates. */
  static final String CACHED_LRU = """
    SELECT b.hash, b.size, b.nodes FROM content.blob_copies c JOIN content.blobs b ON b.hash = c.hash
    WHERE c.instance = $1 ORDER BY c.last_access LIMIT $2""";

  /** Node {@code $2} holds blob {@code $1}; no row is updated only when the blob itself is gone. */
  static final String ADD_NODE = """
    UPDATE content.blobs SET nodes = CASE WHEN $2 = ANY(nodes) THEN nodes ELSE array_append(nodes, $2) END
    WHERE hash = $1""";

  /** Bytes kept on each node, for placing new copies within capacity. */
  static final String NODE_USAGE = """
    SELECT node, sum(size) AS used FROM content.blobs, unnest(nodes) AS node GROUP BY node""";

  /** Last-access times of instance {@code $3}'s copies, collected in memory, written in one statement. */
  static final String TOUCH_COPIES = """
    UPDATE content.blob_copies c SET last_access = greatest(c.last_access, t.at)
    FROM unnest($1::text[], $2::timestamptz[]) AS t(hash, at) WHERE c.hash = t.hash AND c.instance = $3""";

  /** An instance says it is up and where it serves its cached copies. */
  static final String HEARTBEAT = """
    INSERT INTO content.instances (id, peer_url) VALUES ($1, $2)
    ON CONFLICT (id) DO UPDATE SET peer_url = $2, seen_at = now()""";

  static final String RETIRE = """
    DELETE FROM content.instances WHERE id = $1""";

  /** Other instances seen in the last {@code $3} milliseconds that hold a copy of blob {@code $1}. */
  static final String PEERS_HOLDING = """
    SELECT i.id, i.peer_url FROM content.blob_copies c JOIN content.instances i ON i.id = c.instance
    WHERE c.hash = $1 AND c.instance <> $2 AND i.seen_at > now() - make_interval(secs => $3::bigint / 1000.0)
    ORDER BY c.last_access DESC""";

  static final String LIVE_PEERS = """
    SELECT count(*) AS peers FROM content.instances WHERE id <> $1 AND seen_at > now() - make_interval(secs => $2::bigint / 1000.0)""";

  static final String READERS = """
    SELECT coalesce(data -> 'readers', '[]'::jsonb) AS readers FROM content.file_permissions WHERE file_id = $1""";

  /** Grants {@code $2} reading {@code $1}; granting twice keeps one entry. */
  static final String ADD_READER = """
    INSERT INTO content.file_permissions AS p (file_id, data) VALUES ($1, jsonb_build_object('readers', jsonb_build_array($2::text)))
    ON CONFLICT (file_id) DO UPDATE SET data = CASE
      WHEN p.data -> 'readers' ? $2 THEN p.data
      ELSE jsonb_set(p.data, '{readers}', coalesce(p.data -> 'readers', '[]'::jsonb) || to_jsonb($2::text)) END""";

  static final String REMOVE_READER = """
    UPDATE content.file_permissions SET data = jsonb_set(data, '{readers}', (data -> 'readers') - $2::text)
    WHERE file_id = $1 AND data -> 'readers' ? $2""";
}
