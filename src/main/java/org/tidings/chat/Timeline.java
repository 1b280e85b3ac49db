package org.tidings.chat;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;

import java.util.UUID;

/** Joins, leaves, renames and role changes, stored in the room's timeline as {@code event} messages. */
final class Timeline {

  private Timeline() {
  }

  /** Appends within the caller's transaction, so the event commits or vanishes with the change it tells of. */
  static Future<Message> event(SqlConnection conn, UUID roomId, UUID actor, String event, String text, JsonObject fields) {
    JsonObject data = fields.copy().put("event", event).put("text", text);
    return conn.preparedQuery(ChatQueries.APPEND_EVENT).execute(Tuple.of(roomId, actor, data))
      .map(rows -> Message.of(rows.iterator().next()));
  }
}
