-- File records, who may read them, and the bytes they point at.
-- A file record is metadata only; its bytes are a blob named by their SHA-256 (hex),
-- shared by every record with the same content (dedup, forwarding).

CREATE TABLE blobs (
  hash        text PRIMARY KEY,
  size        bigint NOT NULL,
  -- the bytes are in this server's disk cache
  cached      boolean NOT NULL DEFAULT true,
  -- storage nodes holding a copy verified by hash
  nodes       text[] NOT NULL DEFAULT '{}',
  last_access timestamptz NOT NULL DEFAULT now(),
  created_at  timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX blobs_cached_lru_idx ON blobs (last_access) WHERE cached;

CREATE TABLE files (
  id                uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  owner             uuid NOT NULL,
  filename_visible  text NOT NULL,
  -- the blob's name on disk and on the nodes: the hash, never anything a client chose
  filename_internal text NOT NULL,
  uploaded_at       timestamptz NOT NULL DEFAULT now(),
  size              bigint NOT NULL,
  hash              text NOT NULL REFERENCES blobs (hash),
  type              text NOT NULL
);
CREATE INDEX files_hash_idx ON files (hash);
CREATE INDEX files_owner_idx ON files (owner);

-- Explicit read grants: data = {"readers": ["<userId>", ...]}.
CREATE TABLE file_permissions (
  file_id uuid PRIMARY KEY REFERENCES files (id) ON DELETE CASCADE,
  data    jsonb NOT NULL DEFAULT '{}'
);
