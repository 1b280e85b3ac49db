package org.tidings.chat;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.json.JsonObject;
import io.vertx.pgclient.PgException;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import org.tidings.bus.Failure;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Stores the messages sent through one event loop, several per statement. While a batch is
 * being written the sends that arrive queue up and go together in the next one, so under load
 * many messages share one commit, and a lone send is written at once. Every sender is answered
 * only after the commit that holds its message. Rooms are spread over a few lanes, each with
 * one batch in flight: batches of different lanes never share a room, so they never wait for
 * each other's row locks. Not thread-safe: one per verticle instance.
 */
final class GroupCommit {

  static final int MAX_BATCH = 256;
  static final int LANES = 4;
  private static final String DEADLOCK = "40P01";

  /** The stored message, and whether this send stored it or found it stored by an earlier one with its clientId. */
  record Stored(Message message, boolean isNew) {
  }

  private record Pending(UUID roomId, UUID sender, String data, String clientId, Promise<Stored> promise) {
  }

  /** Sends waiting for the batch in flight to finish. */
  private static final class Lane {
    private final Deque<Pending> queue = new ArrayDeque<>();
    private boolean writing;
  }

  private final Pool pool;
  private final Lane[] lanes = new Lane[LANES];

  GroupCommit(Pool pool) {
    this.pool = pool;
    for (int i = 0; i < LANES; i++) {
      lanes[i] = new Lane();
    }
  }

  Future<Stored> store(UUID roomId, UUID sender, JsonObject data, String clientId) {
    Promise<Stored> promise = Promise.promise();
    Lane lane = lanes[Math.floorMod(roomId.hashCode(), LANES)];
    lane.queue.add(new Pending(roomId, sender, data.encode(), clientId, promise));
    if (!lane.writing) {
      flush(lane);
    }
    return promise.future();
  }

  private void flush(Lane lane) {
    if (lane.queue.isEmpty()) {
      lane.writing = false;
      return;
    }
    lane.writing = true;
    List<Pending> batch = new ArrayList<>();
    while (!lane.queue.isEmpty() && batch.size() < MAX_BATCH) {
      batch.add(lane.queue.poll());
    }
    Future<?> written = batch.size() == 1 ? one(batch.getFirst()) : many(batch);
    written.onComplete(done -> flush(lane));
  }

  /**
   * The whole batch in one statement. A repeated clientId fails all of it (nothing is stored,
   * no seq is taken), and so would a deadlock with another instance's batch: then each message
   * is stored on its own, which settles the clientId for each.
   */
  private Future<?> many(List<Pending> batch) {
    int n = batch.size();
    UUID[] rooms = new UUID[n];
    UUID[] senders = new UUID[n];
    String[] data = new String[n];
    String[] clientIds = new String[n];
    for (int i = 0; i < n; i++) {
      Pending p = batch.get(i);
      rooms[i] = p.roomId();
      senders[i] = p.sender();
      data[i] = p.data();
      clientIds[i] = p.clientId();
    }
    return pool.preparedQuery(ChatQueries.SEND_MANY).execute(Tuple.of(rooms, senders, data, clientIds))
      .<Void>map(rows -> {
        Map<Long, Message> byOrdinal = new HashMap<>();
        for (Row row : rows) {
          byOrdinal.put(row.getLong("ord"), Message.of(row));
        }
        for (int i = 0; i < n; i++) {
          Message message = byOrdinal.get(i + 1L);
          if (message == null) {
            batch.get(i).promise().fail(Failure.notFound("No such room"));
          } else {
            batch.get(i).promise().complete(new Stored(message, true));
          }
        }
        return null;
      })
      .recover(e -> {
        if (Inputs.isUniqueViolation(e) || e instanceof PgException pg && DEADLOCK.equals(pg.getSqlState())) {
          return Future.join(batch.stream().map(this::one).toList()).<Void>mapEmpty().otherwiseEmpty();
        }
        batch.forEach(p -> p.promise().fail(e));
        return Future.<Void>succeededFuture();
      });
  }

  private Future<Stored> one(Pending p) {
    Future<Stored> stored = pool.preparedQuery(ChatQueries.SEND)
      .execute(Tuple.of(p.roomId(), p.sender(), new JsonObject(p.data()), p.clientId()))
      .map(rows -> {
        if (rows.size() == 0) {
          throw Failure.notFound("No such room");
        }
        return new Stored(Message.of(rows.iterator().next()), true);
      })
      .recover(e -> Inputs.isUniqueViolation(e) && p.clientId() != null
        ? pool.preparedQuery(ChatQueries.MESSAGE_BY_CLIENT_ID).execute(Tuple.of(p.roomId(), p.sender(), p.clientId()))
          .map(rows -> new Stored(Message.of(rows.iterator().next()), false))
        : Future.failedFuture(e));
    stored.onComplete(p.promise());
    return stored;
  }
}
