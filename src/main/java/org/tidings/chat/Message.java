package org.tidings.chat;

import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;

import java.time.OffsetDateTime;
import java.util.UUID;

/** One row of a room's timeline: a message or an event. */
record Message(UUID roomId, long seq, UUID senderId, String type, String status, JsonObject data, String clientId,
               OffsetDateTime sentAt, OffsetDateTime editedAt) {

  static Message of(Row row) {
    return new Message(row.getUUID("room_id"), row.getLong("seq"), row.getUUID("sender_id"), row.getString("type"),
      row.getString("status"), row.getJsonObject("data"), row.getString("client_id"),
      row.getOffsetDateTime("sent_at"), row.getOffsetDateTime("edited_at"));
  }

  boolean isEvent() {
    return "event".equals(type);
  }

  boolean isDeleted() {
    return "deleted".equals(status);
  }

  String fileId() {
    return data.getString("fileId");
  }

  /** The API.md shape: {@code {roomId, seq, senderId, type, status, text?, fileId?, sentAt, editedAt?, clientId?}}. */
  JsonObject json() {
    JsonObject json = new JsonObject()
      .put("roomId", roomId.toString())
      .put("seq", seq)
      .put("senderId", senderId.toString())
      .put("type", type)
      .put("status", status);
    data.forEach(field -> json.put(field.getKey(), field.getValue()));
    json.put("sentAt", sentAt.toInstant().toString());
    if (editedAt != null) {
      json.put("editedAt", editedAt.toInstant().toString());
    }
    if (clientId != null) {
      json.put("clientId", clientId);
    }
    return json;
  }
}
