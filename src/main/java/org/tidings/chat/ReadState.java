package org.tidings.chat;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;
import org.tidings.bus.Call;
import org.tidings.bus.Failure;
import org.tidings.bus.Fields;

import java.util.UUID;

/** What members show each other: how far each has read (typing is the gateway's {@code Typing}). */
public final class ReadState {

  private final Pool pool;
  private final RoomEvents events;
  private final Unread unread;

  ReadState(Pool pool, RoomEvents events, Unread unread) {
    this.pool = pool;
    this.events = events;
    this.unread = unread;
  }

  /** Moves the caller's read position forward; an older position than the stored one changes nothing. */
  public Future<Void> read(Call call) {
    UUID me = Inputs.caller(call);
    Fields fields = call.fields();
    UUID roomId = fields.id("roomId");
    long seq = fields.integer("seq");
    if (seq < 0) {
      throw Failure.badRequest("seq must not be negative");
    }
    return pool.preparedQuery(ChatQueries.ACCESS).execute(Tuple.of(roomId, me))
      .map(rows -> Access.of(roomId, me, rows))
      .compose(access -> {
        if (seq > access.lastSeq()) {
          return Future.failedFuture(Failure.badRequest("seq is past the newest message of the room"));
        }
        return pool.preparedQuery(ChatQueries.MOVE_READ).execute(Tuple.of(roomId, me, seq));
      })
      .map(moved -> {
        if (moved.rowCount() > 0) {
          events.toRoom(roomId, "read", new JsonObject().put("userId", me.toString()).put("seq", seq));
          unread.memberChanged(me, roomId);
        }
        return null;
      });
  }
}
