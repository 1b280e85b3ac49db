package org.tidings.chat;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.json.JsonObject;
import io.vertx.pgclient.PgException;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
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
 * Stores the messages sent through one lane of one event loop ({@link CommitLanes}), several per
 * statement, each only if its sender is a member of the room allowed to send there (judged in
 * the same statement, under the room's lock, so a send costs no round trip of its own). While a
 * batch is being written the sends that arrive queue up and go together in the next one, so
 * under load many messages share one commit, and a lone send is written at once. Every sender is
 * answered only after the commit that holds its message. One batch is in flight at a time,
 * whatever rooms of the lane it spans. Sends go to one instance per server
 * ({@link SendingInstance}); a forward handled by another instance goes through that one's own:
 * batches that share rooms lock them in id order, so they queue rather than deadlock. Not
 * thread-safe: one per lane of a verticle instance.
 */
final class GroupCommit {

  static final int MAX_BATCH = 256;
  private static final String DEADLOCK = "40P01";

  /** The stored message, and whether this send stored it or found it stored by an earlier one with its clientId. */
  record Stored(Message message, boolean isNew) {
  }

  private record Pending(UUID roomId, UUID sender, String data, String clientId, Promise<Stored> promise) {
  }

  private final Pool pool;
  /** Sends waiting for the batch in flight to finish. */
  private final Deque<Pending> queue = new ArrayDeque<>();
  private boolean writing;

  GroupCommit(Pool pool) {
    this.pool = pool;
  }

  /** Fails {@code 404} for a sender outside the room (or no such room), {@code 403} for a member who may not send. */
  Future<Stored> store(UUID roomId, UUID sender, JsonObject data, String clientId) {
    Promise<Stored> promise = Promise.promise();
    queue.add(new Pending(roomId, sender, data.encode(), clientId, promise));
    if (!writing) {
      flush();
    }
    return promise.future();
  }

  private void flush() {
    if (queue.isEmpty()) {
      writing = false;
      return;
    }
    writing = true;
    List<Pending> batch = new ArrayList<>();
    while (!queue.isEmpty() && batch.size() < MAX_BATCH) {
      batch.add(queue.poll());
    }
    write(batch, this::flush);
  }

  /**
   * The whole batch in one statement, which also judges each sender; {@code next} runs once the
   * batch is settled. On success that is as soon as the commit is known, before the senders are
   * answered: the next batch is then on its way to PostgreSQL while this batch's answers and
   * events are handled, rather than after. Batches then come about twice as often with half as
   * many messages each (most likely the senders fall into two groups that take turns), which in
   * four benchmark pairs stored 11 to 107 % more messages a second for about the same CPU per
   * message (docs/benchmarks.md). Answers still come in commit order, so a room's events in seq order.
   * A repeated clientId fails all of the batch (nothing is stored, no seq is taken), and so would
   * a deadlock with another instance's batch: then each message is written on its own, which
   * settles the clientId for each, and only then does {@code next} run.
   */
  private Future<Void> write(List<Pending> batch, Runnable next) {
    return send(batch).transform(sent -> {
      if (sent.succeeded()) {
        next.run();
        answerAll(batch, sent.result());
        return Future.<Void>succeededFuture();
      }
      return settleAll(batch, sent.cause()).onComplete(settled -> next.run());
    });
  }

  private static void answerAll(List<Pending> batch, RowSet<Row> rows) {
    Map<Long, Row> byOrdinal = new HashMap<>();
    for (Row row : rows) {
      byOrdinal.put(row.getLong("ord"), row);
    }
    for (int i = 0; i < batch.size(); i++) {
      answer(batch.get(i).promise(), byOrdinal.get(i + 1L));
    }
  }

  private Future<Void> settleAll(List<Pending> batch, Throwable e) {
    if (batch.size() == 1) {
      return settle(batch.getFirst(), e);
    }
    if (Inputs.isUniqueViolation(e) || e instanceof PgException pg && DEADLOCK.equals(pg.getSqlState())) {
      return Future.join(batch.stream().map(p -> write(List.of(p), () -> { })).toList()).<Void>mapEmpty().otherwiseEmpty();
    }
    batch.forEach(p -> p.promise().fail(e));
    return Future.succeededFuture();
  }

  /** A lone message that failed: a repeated clientId finds the message stored under it, anything else fails it. */
  private Future<Void> settle(Pending p, Throwable e) {
    if (!Inputs.isUniqueViolation(e) || p.clientId() == null) {
      p.promise().fail(e);
      return Future.succeededFuture();
    }
    return pool.preparedQuery(ChatQueries.MESSAGE_BY_CLIENT_ID).execute(Tuple.of(p.roomId(), p.sender(), p.clientId()))
      .<Void>map(rows -> {
        p.promise().complete(new Stored(Message.of(rows.iterator().next()), false));
        return null;
      })
      .recover(lookup -> {
        p.promise().fail(lookup);
        return Future.succeededFuture();
      });
  }

  private Future<RowSet<Row>> send(List<Pending> batch) {
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
    return pool.preparedQuery(ChatQueries.SEND_MANY).execute(Tuple.of(rooms, senders, data, clientIds, Permissions.SEND));
  }

  /** The statement's row for one message: not in the room, not allowed to send, or stored. */
  private static void answer(Promise<Stored> promise, Row row) {
    if (!row.getBoolean("member")) {
      promise.fail(Failure.notFound("No such room"));
    } else if (!row.getBoolean("allowed")) {
      promise.fail(Failure.forbidden("Your role in this room does not allow " + Permissions.SEND));
    } else {
      promise.complete(new Stored(Message.of(row), true));
    }
  }
}
