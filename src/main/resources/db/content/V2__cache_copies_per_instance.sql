-- Each instance of a cluster has its own disk cache, so "the bytes are cached" is a fact
-- about one instance, not about the blob: one row per cached copy replaces blobs.cached.
-- Rows are not carried over from blobs.cached (which instance held them is unknown): every
-- instance records what its cache folder holds when it starts.

CREATE TABLE blob_copies (
  hash        text NOT NULL REFERENCES blobs (hash) ON DELETE CASCADE,
  -- the instance id (content.instanceId, or the one kept in its cache folder)
  instance    text NOT NULL,
  -- last use of this copy on that instance: eviction is LRU over one instance's copies
  last_access timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (hash, instance)
);
CREATE INDEX blob_copies_lru_idx ON blob_copies (instance, last_access);

-- The instances that serve their cached copies to the others, and when each last said so.
CREATE TABLE instances (
  id       text PRIMARY KEY,
  peer_url text NOT NULL,
  seen_at  timestamptz NOT NULL DEFAULT now()
);

DROP INDEX blobs_cached_lru_idx;
ALTER TABLE blobs DROP COLUMN cached;
