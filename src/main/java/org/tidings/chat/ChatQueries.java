package org.tidings.chat;

/** Every statement the chat service runs; parameters are always bound, never spliced. */
final class ChatQueries {

  private ChatQueries() {
  }

  private static final String MESSAGE_COLUMNS = "room_id, seq, sender_id, type, status, data, client_id, sent_at, edited_at";

  /** The room as its member sees it; no row means "not a member" as much as "no such room". */
  static final String ACCESS = """
    SELECT r.type, r.name, r.data, r.last_seq, m.role
    FROM chat.rooms r JOIN chat.members m ON m.room_id = r.id AND m.user_id = $2
    WHERE r.id = $1""";

  /** {@link #ACCESS} holding the room row, so membership and role changes in one room go one at a time. */
  static final String ACCESS_FOR_UPDATE = ACCESS + " FOR UPDATE OF r";

  private static final String ROOM_VIEW_COLUMNS = """
    SELECT r.id, r.name, r.type, r.created_at, r.last_seq, m.role, m.data AS member_data, m.read_seq,
      (SELECT count(*) FROM chat.messages x
       WHERE x.room_id = r.id AND x.seq > m.read_seq AND x.type = 'message' AND x.status <> 'deleted'
         AND x.sender_id <> m.user_id) AS unread,
      CASE WHEN r.type = 'dialog' THEN
        (SELECT o.user_id FROM chat.members o WHERE o.room_id = r.id AND o.user_id <> m.user_id LIMIT 1)
      END AS peer_id
    FROM chat.members m JOIN chat.rooms r ON r.id = m.room_id
    """;

  static final String ROOM_VIEW = ROOM_VIEW_COLUMNS + "WHERE m.user_id = $1 AND r.id = $2";

  /** Most recent activity first; the cursor is the last room of the previous page. */
  static final String ROOM_LIST = ROOM_VIEW_COLUMNS + """
    WHERE m.user_id = $1
      AND ($2::uuid IS NULL OR (r.last_activity_at, r.id) < (SELECT c.last_activity_at, c.id FROM chat.rooms c WHERE c.id = $2))
    ORDER BY r.last_activity_at DESC, r.id DESC
    LIMIT $3""";

  /** A dialog key already taken makes this insert nothing: the caller then finds the existing room. */
  static final String INSERT_ROOM = """
    INSERT INTO chat.rooms (name, type, data, dialog_key) VALUES ($1, $2, $3, $4)
    ON CONFLICT (dialog_key) DO NOTHING RETURNING id""";

  static final String ROOM_BY_DIALOG_KEY = """
    SELECT id FROM chat.rooms WHERE dialog_key = $1""";

  static final String INSERT_MEMBERS = """
    INSERT INTO chat.members (room_id, user_id, role) SELECT $1, u, $3 FROM unnest($2::uuid[]) AS u
    ON CONFLICT DO NOTHING""";

  static final String INSERT_MEMBER = """
    INSERT INTO chat.members (room_id, user_id, role) VALUES ($1, $2, $3)
    ON CONFLICT DO NOTHING RETURNING user_id""";

  static final String RENAME_ROOM = """
    UPDATE chat.rooms SET name = $2 WHERE id = $1""";

  static final String SET_ROOM_DATA = """
    UPDATE chat.rooms SET data = $2 WHERE id = $1""";

  static final String MEMBER_ROLE = """
    SELECT role FROM chat.members WHERE room_id = $1 AND user_id = $2""";

  static final String HEAD_COUNT = """
    SELECT count(*) FILTER (WHERE role = 'owner') AS owners, count(*) AS members
    FROM chat.members WHERE room_id = $1""";

  static final String DELETE_MEMBER = """
    DELETE FROM chat.members WHERE room_id = $1 AND user_id = $2 RETURNING role""";

  static final String SET_MEMBER_ROLE = """
    UPDATE chat.members SET role = $3 WHERE room_id = $1 AND user_id = $2""";

  static final String SET_MUTED = """
    UPDATE chat.members SET data = jsonb_set(data, '{is_muted}', to_jsonb($3::boolean))
    WHERE room_id = $1 AND user_id = $2""";

  /** Members by user id, the cursor being the last user id of the previous page. */
  static final String MEMBERS_PAGE = """
    SELECT user_id, role, data, read_seq FROM chat.members
    WHERE room_id = $1 AND ($2::uuid IS NULL OR user_id > $2)
    ORDER BY user_id LIMIT $3""";

  static final String MOVE_READ = """
    UPDATE chat.members SET read_seq = $3 WHERE room_id = $1 AND user_id = $2 AND read_seq < $3""";

  /**
   * The caller's rooms that are not muted and have unread messages, counted as in the room
   * view; a room read to its last seq is skipped without counting.
   */
  static final String UNREAD_SUMMARY = """
    SELECT room_id, unread FROM (
      SELECT m.room_id,
        (SELECT count(*) FROM chat.messages x
         WHERE x.room_id = m.room_id AND x.seq > m.read_seq AND x.type = 'message' AND x.status <> 'deleted'
           AND x.sender_id <> m.user_id) AS unread
      FROM chat.members m JOIN chat.rooms r ON r.id = m.room_id
      WHERE m.user_id = $1 AND r.last_seq > m.read_seq AND NOT coalesce((m.data ->> 'is_muted')::boolean, false)
    ) counted
    WHERE unread > 0
    ORDER BY room_id""";

  /**
   * Who is told that the unread counts of rooms {@code $1} (an array) moved: their members who
   * have not muted them, one row per member with the rooms concerned (as text: they go out as such).
   */
  static final String UNREAD_AUDIENCE = """
    SELECT user_id, array_agg(room_id::text) AS room_ids FROM chat.members
    WHERE room_id = ANY($1::uuid[]) AND NOT coalesce((data ->> 'is_muted')::boolean, false)
    GROUP BY user_id""";

  static final String ROOM_IDS = """
    SELECT room_id FROM chat.members WHERE user_id = $1""";

  static final String IS_MEMBER = """
    SELECT 1 FROM chat.members WHERE room_id = $1 AND user_id = $2""";

  static final String CAN_READ_FILE = """
    SELECT EXISTS (
      SELECT 1 FROM chat.messages x JOIN chat.members m ON m.room_id = x.room_id AND m.user_id = $2
      WHERE x.data ? 'fileId' AND x.data ->> 'fileId' = $1 AND x.status <> 'deleted') AS allowed""";

  /**
   * Stores a batch of messages, each under its room's next seq, in one statement, so in one
   * transaction: a failed insert (a repeated clientId) rolls the seqs back with it, leaving no
   * gap. {@code $1..$4} are parallel arrays (room, sender, data as text, clientId), {@code $5}
   * the permission sending needs.
   *
   * <p>Each room row is locked once, in id order so that concurrent batches cannot deadlock;
   * under that lock the statement judges every sender as {@link Access} would (a member, whose
   * role grants the permission: the role the room's data defines under that name, else the
   * room's default permissions, as {@link Permissions#granted}), moves the room on by its
   * number of allowed messages, and those take its seqs in arrival order. The answer has one
   * row per input, {@code ord} being its 1-based position: {@code member} false for a sender
   * not in the room (or no such room), {@code allowed} false for a member whose role does not
   * allow sending; otherwise the stored message.
   */
  static final String SEND_MANY = """
    WITH input AS (
      SELECT i.room_id, i.sender_id, i.data::jsonb AS data, i.client_id, i.ord
      FROM unnest($1::uuid[], $2::uuid[], $3::text[], $4::text[]) WITH ORDINALITY AS i(room_id, sender_id, data, client_id, ord)),
    locked AS (
      SELECT r.id, r.data FROM chat.rooms r WHERE r.id IN (SELECT room_id FROM input) ORDER BY r.id FOR UPDATE),
    judged AS (
      SELECT i.*, m.role IS NOT NULL AS member,
        m.role IS NOT NULL AND coalesce(coalesce(
          (SELECT d -> 'permissions' FROM jsonb_array_elements(l.data -> 'roles') d WHERE d ->> 'name' = m.role LIMIT 1),
          l.data -> 'permissions') ? $5, false) AS allowed
      FROM input i
      LEFT JOIN locked l ON l.id = i.room_id
      LEFT JOIN chat.members m ON m.room_id = l.id AND m.user_id = i.sender_id),
    counts AS (
      SELECT room_id, count(*) AS n FROM judged WHERE allowed GROUP BY room_id),
    bumped AS (
      UPDATE chat.rooms r SET last_seq = r.last_seq + c.n, last_activity_at = now()
      FROM counts c WHERE r.id = c.room_id
      RETURNING r.id, r.last_seq),
    numbered AS (
      SELECT j.room_id, j.sender_id, j.data, j.client_id, j.ord,
        b.last_seq - count(*) OVER (PARTITION BY j.room_id) + row_number() OVER (PARTITION BY j.room_id ORDER BY j.ord) AS seq
      FROM judged j JOIN bumped b ON b.id = j.room_id
      WHERE j.allowed),
    inserted AS (
      INSERT INTO chat.messages (room_id, seq, sender_id, type, data, client_id)
      SELECT room_id, seq, sender_id, 'message', data, client_id FROM numbered
      RETURNING""" + " " + MESSAGE_COLUMNS + """
    )
    SELECT j.ord, j.member, j.allowed, ins.*
    FROM judged j
    LEFT JOIN numbered n ON n.ord = j.ord
    LEFT JOIN inserted ins ON ins.room_id = n.room_id AND ins.seq = n.seq""";

  /** An event in the room's timeline; its actor may already have left, so no member check. */
  static final String APPEND_EVENT = """
    WITH next AS (
      UPDATE chat.rooms SET last_seq = last_seq + 1, last_activity_at = now() WHERE id = $1 RETURNING last_seq)
    INSERT INTO chat.messages (room_id, seq, sender_id, type, data)
    SELECT $1, last_seq, $2, 'event', $3 FROM next
    RETURNING """ + " " + MESSAGE_COLUMNS;

  static final String MESSAGE = "SELECT " + MESSAGE_COLUMNS + " FROM chat.messages WHERE room_id = $1 AND seq = $2";

  static final String MESSAGE_BY_CLIENT_ID = "SELECT " + MESSAGE_COLUMNS
    + " FROM chat.messages WHERE room_id = $1 AND sender_id = $2 AND client_id = $3";

  static final String HISTORY_UP = history("seq");

  static final String HISTORY_DOWN = history("seq DESC");

  /**
   * A page of room {@code $1} between seqs {@code $2} and {@code $3} (both excluded), at most
   * {@code $4} rows, read by {@code $5} in the same round trip as its membership: no row at all
   * when {@code $5} is not a member, one row of nulls when the member's page is empty.
   */
  private static String history(String order) {
    return """
      SELECT x.* FROM chat.members m
      LEFT JOIN LATERAL (
        SELECT %s FROM chat.messages
        WHERE room_id = m.room_id AND seq > $2 AND seq < $3 ORDER BY %s LIMIT $4) x ON true
      WHERE m.room_id = $1 AND m.user_id = $5""".formatted(MESSAGE_COLUMNS, order);
  }

  /** An empty text drops the text (a file keeps the message alive). */
  static final String EDIT = """
    UPDATE chat.messages
    SET data = CASE WHEN $4 = '' THEN data - 'text' ELSE jsonb_set(data, '{text}', to_jsonb($4::text)) END,
        status = 'edited', edited_at = now()
    WHERE room_id = $1 AND seq = $2 AND sender_id = $3 AND type = 'message' AND status <> 'deleted'
    RETURNING""" + " " + MESSAGE_COLUMNS;

  static final String SOFT_DELETE = """
    UPDATE chat.messages SET status = 'deleted', data = '{}'
    WHERE room_id = $1 AND seq = $2 AND status <> 'deleted'
    RETURNING""" + " " + MESSAGE_COLUMNS;

  static final String HARD_DELETE = """
    DELETE FROM chat.messages WHERE room_id = $1 AND seq = $2 RETURNING seq""";
}
