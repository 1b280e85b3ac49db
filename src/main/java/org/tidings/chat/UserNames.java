package org.tidings.chat;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.Collection;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * Display names, asked of the auth service ({@code auth.users.names}) a page at a time: the chat
 * schema never reads the auth tables. An id missing from the answer is not a user.
 */
final class UserNames {

  private final Vertx vertx;

  UserNames(Vertx vertx) {
    this.vertx = vertx;
  }

  Future<Map<UUID, String>> of(Collection<UUID> ids) {
    if (ids.isEmpty()) {
      return Future.succeededFuture(Map.of());
    }
    JsonArray body = new JsonArray(ids.stream().distinct().map(UUID::toString).toList());
    return vertx.eventBus().<JsonObject>request("auth.users.names", new JsonObject().put("ids", body))
      .map(reply -> reply.body().getJsonObject("names", new JsonObject()).getMap().entrySet().stream()
        .collect(Collectors.toMap(e -> UUID.fromString(e.getKey()), e -> String.valueOf(e.getValue()))));
  }
}
