package org.tidings.chat;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.tidings.bus.Call;

import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * The caller's unread summary ({@code chat.unread}, {@code GET /unread}) and the hints on
 * {@code user.<id>} that tell a client to ask for it again. Muted rooms are left out of both:
 * their events still flow on {@code room.<id>}, mute being a notification hint.
 *
 * <p>The summary is counted when asked, by one query over the caller's own memberships, so a
 * message costs nothing per member in the database. The hint,
 * {@code {type: "unread", roomId, roomIds}}, carries no count: counting for every member of a
 * large room on every message is what this avoids. Hints are held back twice, each time by a
 * {@link #WINDOW_MILLIS} window per instance that acts at once and then once more at its end
 * for what came during it:
 * <ul>
 *   <li>per room, for asking who to tell: a busy room is looked up at most once a second, and
 *       the rooms due at the same moment are looked up together, one query in flight;</li>
 *   <li>per member, for telling: someone in many busy rooms gets one hint a second naming
 *       them all ({@code roomIds}; {@code roomId} is the first), not one per room.</li>
 * </ul>
 * So the hints cost each chat instance at most one a second per member with something new,
 * however many rooms they are in. A member's own read or mute change hints only that member,
 * at once.
 */
public final class Unread {

  static final long WINDOW_MILLIS = 1_000;
  static final String HINT = "unread";

  private static final Logger LOG = LoggerFactory.getLogger(Unread.class);

  private final Context context;
  private final Pool pool;
  private final RoomEvents events;
  private final QuietWindows<UUID, UUID> rooms;
  private final QuietWindows<UUID, UUID> members;
  /** Rooms whose members are to be looked up by the next audience query. */
  private final Set<UUID> due = new LinkedHashSet<>();
  /** The audience query in flight, which the pool must not be closed under; null when none. */
  private Future<?> asking;
  private boolean stopped;

  /** Made on the verticle's context, which then alone touches the windows. */
  Unread(Vertx vertx, Pool pool, RoomEvents events) {
    this.context = vertx.getOrCreateContext();
    this.pool = pool;
    this.events = events;
    // asked on a later turn, so that the rooms of one committed batch go in one query
    this.rooms = new QuietWindows<>(vertx, WINDOW_MILLIS, (roomId, ignored) -> {
      due.add(roomId);
      context.runOnContext(later -> askWhoToHint());
    });
    this.members = new QuietWindows<>(vertx, WINDOW_MILLIS, this::hint);
  }

  /** {@code {total, rooms: [{roomId, unread}]}}: the rooms not muted with something unread, by id. */
  public Future<JsonObject> summary(Call call) {
    return pool.preparedQuery(ChatQueries.UNREAD_SUMMARY).execute(Tuple.of(Inputs.caller(call)))
      .map(rows -> {
        JsonArray rooms = new JsonArray();
        long total = 0;
        for (var row : rows) {
          long unread = row.getLong("unread");
          total += unread;
          rooms.add(new JsonObject().put("roomId", row.getUUID("room_id").toString()).put("unread", unread));
        }
        return new JsonObject().put("total", total).put("rooms", rooms);
      });
  }

  /** A message of the room committed or went: its unmuted members' counts may have moved. */
  void roomChanged(UUID roomId) {
    context.runOnContext(ignored -> rooms.hit(roomId, List.of(roomId)));
  }

  /** The member's own count of the room moved (a read) or it joined or left the summary (mute). */
  void memberChanged(UUID userId, UUID roomId) {
    events.toUser(userId, roomId, HINT, new JsonObject().put("roomIds", new JsonArray().add(roomId.toString())));
  }

  /** Stops hinting and waits for the audience query in flight, so that the pool can close. */
  Future<Void> stop() {
    stopped = true;
    rooms.stop();
    members.stop();
    due.clear();
    return asking == null ? Future.succeededFuture() : asking.<Void>mapEmpty().otherwiseEmpty();
  }

  private void askWhoToHint() {
    if (asking != null || due.isEmpty() || stopped) {
      return;
    }
    UUID[] changed = due.toArray(new UUID[0]);
    due.clear();
    Future<?> looked = pool.preparedQuery(ChatQueries.UNREAD_AUDIENCE).execute(Tuple.tuple().addArrayOfUUID(changed))
      .onSuccess(rows -> {
        for (Row row : rows) {
          members.hit(row.getUUID("user_id"), Arrays.asList(row.getArrayOfUUIDs("room_ids")));
        }
      })
      .onFailure(e -> LOG.warn("could not tell the members of {} rooms that their unread counts moved", changed.length, e));
    asking = looked;
    looked.onComplete(done -> {
      asking = null;
      askWhoToHint();
    });
  }

  private void hint(UUID userId, Set<UUID> roomIds) {
    JsonArray ids = new JsonArray();
    roomIds.forEach(id -> ids.add(id.toString()));
    events.toUser(userId, roomIds.iterator().next(), HINT, new JsonObject().put("roomIds", ids));
  }
}
