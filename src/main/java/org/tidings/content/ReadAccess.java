package org.tidings.content;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.eventbus.ReplyFailure;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;
import org.tidings.bus.Headers;

/**
 * Who may read a file: its owner, whoever {@code content.file_permissions} grants, and the
 * members of a room where a message carries it. The last is the chat service's to say
 * ({@code chat.files.can-read}); with no chat service answering, nobody is a member.
 */
final class ReadAccess {

  static final String CHAT_CAN_READ = "chat.files.can-read";
  private static final long CHAT_TIMEOUT_MILLIS = 10_000;

  private final Vertx vertx;
  private final Pool pool;

  ReadAccess(Vertx vertx, Pool pool) {
    this.vertx = vertx;
    this.pool = pool;
  }

  Future<Boolean> mayRead(FileRecord file, String userId) {
    if (file.owner().toString().equals(userId)) {
      return Future.succeededFuture(true);
    }
    return pool.preparedQuery(ContentQueries.GRANTED).execute(Tuple.of(file.id(), userId))
      .compose(rows -> rows.size() > 0 ? Future.succeededFuture(true) : askChat(file, userId));
  }

  private Future<Boolean> askChat(FileRecord file, String userId) {
    return vertx.eventBus().<JsonObject>request(CHAT_CAN_READ, new JsonObject().put("fileId", file.id().toString()),
        new DeliveryOptions().setSendTimeout(CHAT_TIMEOUT_MILLIS).addHeader(Headers.USER_ID, userId))
      .map(reply -> reply.body() != null && reply.body().getBoolean("allowed", false))
      .recover(e -> e instanceof ReplyException reply && reply.failureType() == ReplyFailure.NO_HANDLERS
        ? Future.succeededFuture(false)
        : Future.failedFuture(e));
  }
}
