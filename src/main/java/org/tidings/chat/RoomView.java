package org.tidings.chat;

import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;

import java.time.OffsetDateTime;
import java.util.Map;
import java.util.UUID;

/** A room as one member sees it. */
record RoomView(UUID id, String name, String type, OffsetDateTime createdAt, String role, boolean muted, long lastSeq,
                long readSeq, long unread, UUID peerId) {

  static RoomView of(Row row) {
    JsonObject memberData = row.getJsonObject("member_data");
    return new RoomView(row.getUUID("id"), row.getString("name"), row.getString("type"), row.getOffsetDateTime("created_at"),
      row.getString("role"), memberData.getBoolean("is_muted", false), row.getLong("last_seq"), row.getLong("read_seq"),
      row.getLong("unread"), row.getUUID("peer_id"));
  }

  /** A dialog has no name of its own: each side sees the other's display name, and {@code peerId}. */
  JsonObject json(Map<UUID, String> names) {
    JsonObject json = new JsonObject()
      .put("id", id.toString())
      .put("name", peerId == null ? name : names.getOrDefault(peerId, ""))
      .put("type", type)
      .put("createdAt", createdAt.toInstant().toString())
      .put("role", role)
      .put("muted", muted)
      .put("lastSeq", lastSeq)
      .put("readSeq", readSeq)
      .put("unread", unread);
    if (peerId != null) {
      json.put("peerId", peerId.toString());
    }
    return json;
  }
}
