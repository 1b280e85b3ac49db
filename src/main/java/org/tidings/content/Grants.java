package org.tidings.content;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;
import org.tidings.bus.Failure;
import org.tidings.bus.Fields;

import java.util.UUID;

/**
 * Explicit read grants ({@code content.file_permissions.data.readers}): listed to the owner,
 * added and removed by the owner, each idempotent. A reader must be an existing account, as
 * the auth service knows it ({@code auth.users.names}). {@link ReadAccess} reads the same rows
 * on every request, so a removed grant counts at once.
 */
final class Grants {

  private final Vertx vertx;
  private final Pool pool;

  Grants(Vertx vertx, Pool pool) {
    this.vertx = vertx;
    this.pool = pool;
  }

  Future<JsonArray> readers(UUID fileId) {
    return pool.preparedQuery(ContentQueries.READERS).execute(Tuple.of(fileId))
      .map(rows -> rows.size() == 0 ? new JsonArray() : (JsonArray) rows.iterator().next().getJson("readers"));
  }

  Future<Void> add(UUID fileId, String userId) {
    return existing(userId).compose(reader -> pool.preparedQuery(ContentQueries.ADD_READER)
      .execute(Tuple.of(fileId, reader.toString()))).mapEmpty();
  }

  Future<Void> remove(UUID fileId, String userId) {
    return existing(userId).compose(reader -> pool.preparedQuery(ContentQueries.REMOVE_READER)
      .execute(Tuple.of(fileId, reader.toString()))).mapEmpty();
  }

  /** The user's id in its canonical form; {@code 404} when no such account exists. */
  private Future<UUID> existing(String userId) {
    UUID id = Fields.parseId(userId);
    return vertx.eventBus().<JsonObject>request("auth.users.names",
        new JsonObject().put("ids", new JsonArray().add(id.toString())))
      .compose(reply -> reply.body().getJsonObject("names", new JsonObject()).containsKey(id.toString())
        ? Future.succeededFuture(id)
        : Future.failedFuture(Failure.notFound("No such user")));
  }
}
