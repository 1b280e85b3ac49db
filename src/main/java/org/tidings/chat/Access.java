package org.tidings.chat;

import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import org.tidings.bus.Failure;

import java.util.UUID;

/** A member's standing in a room, read before anything is done there. */
record Access(UUID roomId, UUID userId, String type, String name, JsonObject data, long lastSeq, String role) {

  /** No row: the room does not exist or the caller is not in it, and a caller cannot tell which. */
  static Access of(UUID roomId, UUID userId, RowSet<Row> rows) {
    if (rows.size() == 0) {
      throw Failure.notFound("No such room");
    }
    Row row = rows.iterator().next();
    return new Access(roomId, userId, row.getString("type"), row.getString("name"), row.getJsonObject("data"),
      row.getLong("last_seq"), row.getString("role"));
  }

  boolean can(String permission) {
    return Permissions.allows(type, data, role, permission);
  }

  Access require(String permission) {
    if (!can(permission)) {
      throw Failure.forbidden("Your role in this room does not allow " + permission);
    }
    return this;
  }

  boolean isDialog() {
    return "dialog".equals(type);
  }

  boolean isSecret() {
    return "secret".equals(type);
  }

  boolean isOwner() {
    return Permissions.OWNER.equals(role);
  }
}
