package org.tidings.chat;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.tidings.bus.Call;

import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * The caller's unread summary ({@code chat.unread}, {@code GET /unread}) and the hints on
 * {@code user.<id>} that tell a client to ask for it again. Muted rooms are left out of both:
 * their events still flow on {@code room.<id>}, mute being a notification hint.
 *
 * <p>The summary is counted when asked, by one query over the caller's own memberships, so a
 * message costs nothing per member in the database. The hint, {@code {type: "unread", roomId}},
 * carries no count: counting for every member of a large room on every message is what this
 * avoids. When a message arrives or is deleted, the room's members who have not muted it get a
 * hint; after that the room is quiet for {@link #WINDOW_MILLIS} on this instance, and changes
 * during that window make one more hint at its end. So a busy room of N members costs each
 * chat instance at most N hints a second. Who to hint is asked of the database for many rooms
 * at once, one query in flight per instance: the rooms due while it runs go together in the
 * next, so a thousand busy rooms cost a few queries a second, not a thousand. A member's own
 * read or mute change hints only that member, at once.
 */
public final class Unread {

  static final long WINDOW_MILLIS = 1_000;
  static final String HINT = "unread";

  private static final Logger LOG = LoggerFactory.getLogger(Unread.class);

  private final Vertx vertx;
  private final Context context;
  private final Pool pool;
  private final RoomEvents events;
  /** Rooms in their quiet window on this instance. */
  private final Map<UUID, Window> windows = new HashMap<>();
  /** Rooms whose members are to be hinted by the next audience query. */
  private final Set<UUID> due = new LinkedHashSet<>();
  /** The audience query in flight, which the pool must not be closed under; null when none. */
  private Future<?> asking;
  private boolean stopped;

  /** Made on the verticle's context, which then alone touches {@link #windows}. */
  Unread(Vertx vertx, Pool pool, RoomEvents events) {
    this.vertx = vertx;
    this.context = vertx.getOrCreateContext();
    this.pool = pool;
    this.events = events;
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
    context.runOnContext(ignored -> {
      Window window = windows.get(roomId);
      if (window != null) {
        window.again = true;
      } else if (!stopped) {
        open(roomId);
      }
    });
  }

  /** The member's own count of the room moved (a read) or it joined or left the summary (mute). */
  void memberChanged(UUID userId, UUID roomId) {
    events.toUser(userId, roomId, HINT, new JsonObject());
  }

  /** Stops hinting and waits for the hints already asked of the database, so that the pool can close. */
  Future<Void> stop() {
    stopped = true;
    windows.values().forEach(window -> vertx.cancelTimer(window.timerId));
    windows.clear();
    due.clear();
    return asking == null ? Future.succeededFuture() : asking.<Void>mapEmpty().otherwiseEmpty();
  }

  private void open(UUID roomId) {
    Window window = new Window();
    windows.put(roomId, window);
    due.add(roomId);
    askWhoToHint();
    window.timerId = vertx.setTimer(WINDOW_MILLIS, id -> {
      windows.remove(roomId);
      if (window.again && !stopped) {
        open(roomId);
      }
    });
  }

  private void askWhoToHint() {
    if (asking != null || due.isEmpty() || stopped) {
      return;
    }
    UUID[] rooms = due.toArray(new UUID[0]);
    due.clear();
    Future<?> hinted = pool.preparedQuery(ChatQueries.UNREAD_AUDIENCE).execute(Tuple.tuple().addArrayOfUUID(rooms))
      .onSuccess(rows -> rows.forEach(row ->
        events.toUser(row.getUUID("user_id"), row.getUUID("room_id"), HINT, new JsonObject())))
      .onFailure(e -> LOG.warn("could not tell the members of {} rooms that their unread counts moved", rooms.length, e));
    asking = hinted;
    hinted.onComplete(done -> {
      asking = null;
      askWhoToHint();
    });
  }

  private static final class Window {
    long timerId = -1;
    /** A change came during the window, so its end makes another hint. */
    boolean again;
  }
}
