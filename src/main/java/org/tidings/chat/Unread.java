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

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
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
 * large room on every message is what this avoids. Hints are held back by one
 * {@link #WINDOW_MILLIS} window per instance: the first change after a quiet window is looked
 * up at once (with the other rooms changed on the same turn), the rooms that change after that
 * wait for the window's end and are looked up together, in one query that finds all their
 * unmuted members; each member then gets one hint naming all of their rooms in it
 * ({@code roomIds}; {@code roomId} is the first). So each chat instance runs at most one
 * audience query a second and sends each member at most one hint a second, however many
 * rooms are busy. Windows per room and per member, tried before, held the same limits but
 * across 1,000 busy rooms ran some 400 small queries a second and merged their answers into
 * per-member sets: a quarter of the server's CPU (docs/benchmarks.md). A member's own read or
 * mute change hints only that member, at once.
 */
public final class Unread {

  static final long WINDOW_MILLIS = 1_000;
  static final String HINT = "unread";

  private static final Logger LOG = LoggerFactory.getLogger(Unread.class);

  private final Vertx vertx;
  private final Context context;
  private final Pool pool;
  private final RoomEvents events;
  /** Rooms changed since the last audience query; looked up by the next one. */
  private Set<UUID> due = new HashSet<>();
  /** From the first change after a quiet spell until a window ends with nothing due. */
  private boolean windowOpen;
  private long timerId = -1;
  /** The audience query in flight, which the pool must not be closed under; null when none. */
  private Future<?> asking;
  private boolean stopped;

  /** Made on the verticle's context, which then alone touches the window. */
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
      due.add(roomId);
      if (!windowOpen && !stopped) {
        windowOpen = true;
        // on a later turn, so that the rooms of one committed batch go in the same query
        context.runOnContext(later -> windowEnds());
      }
    });
  }

  /** The member's own count of the room moved (a read) or it joined or left the summary (mute). */
  void memberChanged(UUID userId, UUID roomId) {
    events.toUser(userId, roomId, HINT, new JsonObject().put("roomIds", new JsonArray().add(roomId.toString())));
  }

  /** Stops hinting and waits for the audience query in flight, so that the pool can close. */
  Future<Void> stop() {
    stopped = true;
    vertx.cancelTimer(timerId);
    due.clear();
    return asking == null ? Future.succeededFuture() : asking.<Void>mapEmpty().otherwiseEmpty();
  }

  /**
   * Asks who to hint about the rooms due and opens the next window, or closes the window when
   * nothing came during it. A query still in flight keeps the rooms due for the next window.
   */
  private void windowEnds() {
    if (stopped) {
      return;
    }
    if (due.isEmpty()) {
      windowOpen = false;
      return;
    }
    timerId = vertx.setTimer(WINDOW_MILLIS, id -> windowEnds());
    if (asking == null) {
      askWhoToHint();
    }
  }

  private void askWhoToHint() {
    UUID[] changed = due.toArray(new UUID[0]);
    due = new HashSet<>();
    Future<?> looked = pool.preparedQuery(ChatQueries.UNREAD_AUDIENCE).execute(Tuple.tuple().addArrayOfUUID(changed))
      .onSuccess(rows -> {
        for (Row row : rows) {
          hint(row.getUUID("user_id"), row.getArrayOfStrings("room_ids"));
        }
      })
      .onFailure(e -> LOG.warn("could not tell the members of {} rooms that their unread counts moved", changed.length, e));
    asking = looked;
    looked.onComplete(done -> asking = null);
  }

  private void hint(UUID userId, String[] roomIds) {
    events.toUser(userId, UUID.fromString(roomIds[0]), HINT, new JsonObject().put("roomIds", new JsonArray(new ArrayList<>(Arrays.asList(roomIds)))));
  }
}
