-- Rooms, their members and their timelines. User ids belong to the auth service: they are
-- plain uuids here, never foreign keys into another schema.

CREATE TABLE rooms (
  id               uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  name             text NOT NULL DEFAULT '',
  type             text NOT NULL CHECK (type IN ('dialog', 'group', 'secret')),
  -- {roles: [{id, name, permissions}], permissions: [..]} as in the seed's ROOM.data
  data             jsonb NOT NULL DEFAULT '{}',
  -- the seq of the newest message; each send takes last_seq + 1 under this row's lock
  last_seq         bigint NOT NULL DEFAULT 0,
  -- the two user ids of a dialog, ordered: one dialog per pair even under concurrent creation
  dialog_key       text UNIQUE,
  created_at       timestamptz NOT NULL DEFAULT now(),
  last_activity_at timestamptz NOT NULL DEFAULT now(),
  CHECK ((type = 'dialog') = (dialog_key IS NOT NULL))
);

CREATE TABLE members (
  room_id   uuid NOT NULL REFERENCES rooms (id) ON DELETE CASCADE,
  user_id   uuid NOT NULL,
  role      text NOT NULL,
  -- {is_muted}
  data      jsonb NOT NULL DEFAULT '{}',
  -- the member's read position: only ever moves forward
  read_seq  bigint NOT NULL DEFAULT 0,
  joined_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (room_id, user_id)
);
CREATE INDEX members_user_idx ON members (user_id);

CREATE TABLE messages (
  room_id   uuid NOT NULL REFERENCES rooms (id) ON DELETE CASCADE,
  seq       bigint NOT NULL,
  sender_id uuid NOT NULL,
  type      text NOT NULL CHECK (type IN ('message', 'event')),
  status    text NOT NULL DEFAULT 'sent' CHECK (status IN ('sent', 'edited', 'deleted')),
  -- {text?, fileId?, forwardedFrom?} for messages; {event, text, userId?, ...} for events
  data      jsonb NOT NULL DEFAULT '{}',
  client_id text,
  sent_at   timestamptz NOT NULL DEFAULT now(),
  edited_at timestamptz,
  PRIMARY KEY (room_id, seq)
);
-- A retried send with the same clientId finds the first one instead of storing a second.
CREATE UNIQUE INDEX messages_client_id_key ON messages (room_id, sender_id, client_id) WHERE client_id IS NOT NULL;
-- "May this user read this file?" asks which live messages carry it.
CREATE INDEX messages_file_idx ON messages ((data ->> 'fileId')) WHERE data ? 'fileId';
