package org.tidings.gateway;

import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/**
 * The Rooms and Messages rows of API.md, relayed to {@code chat.*}. Path parameters go into
 * the body under their own names (over any the client sent), query parameters as strings.
 */
final class ChatRoutes {

  private final Relay relay;

  ChatRoutes(Relay relay) {
    this.relay = relay;
  }

  /**
   * Sending, the most frequent call by far, on its own: mounted before all other routes of the
   * API, since Vert.x Web tries each route's path before its method, and every other
   * {@code /rooms/:roomId...} pattern would scan the room id before failing.
   */
  void mountSend(Router api) {
    api.post("/rooms/:roomId/messages").handler(ctx -> relay.answer(ctx, "chat.send", body(ctx), 201));
  }

  void mountPrivate(Router api) {
    api.post("/rooms").handler(ctx -> relay.answer(ctx, "chat.rooms.create", Relay.json(ctx), 201));
    api.get("/rooms").handler(ctx -> relay.answer(ctx, "chat.rooms.list", query(ctx, "limit", "before"), 200));
    api.post("/dialogs").handler(ctx -> relay.answer(ctx, "chat.dialogs.open", Relay.json(ctx), 200));
    api.get("/rooms/:roomId").handler(ctx -> relay.answer(ctx, "chat.rooms.get", path(ctx, new JsonObject()), 200));
    api.patch("/rooms/:roomId").handler(ctx -> relay.answer(ctx, "chat.rooms.update", body(ctx), 200));
    api.get("/rooms/:roomId/members").handler(ctx -> relay.answer(ctx, "chat.members.list",
      path(ctx, query(ctx, "limit", "after")), 200));
    api.post("/rooms/:roomId/members").handler(ctx -> relay.answer(ctx, "chat.members.add", body(ctx), 201));
    api.delete("/rooms/:roomId/members/:userId").handler(ctx -> relay.answer(ctx, "chat.members.remove",
      path(ctx, new JsonObject()), 204));
    api.patch("/rooms/:roomId/members/:userId").handler(ctx -> relay.answer(ctx, "chat.members.role", body(ctx), 204));
    api.put("/rooms/:roomId/roles/:name").handler(ctx -> relay.answer(ctx, "chat.roles.define", body(ctx), 204));
    api.patch("/rooms/:roomId/membership").handler(ctx -> relay.answer(ctx, "chat.membership.update", body(ctx), 204));
    api.get("/rooms/:roomId/messages").handler(ctx -> relay.answer(ctx, "chat.messages.list",
      path(ctx, query(ctx, "after", "before", "limit")), 200));
    api.patch("/rooms/:roomId/messages/:seq").handler(ctx -> relay.answer(ctx, "chat.messages.edit", body(ctx), 200));
    api.delete("/rooms/:roomId/messages/:seq").handler(ctx -> relay.answer(ctx, "chat.messages.delete",
      path(ctx, new JsonObject()), 204));
    api.post("/rooms/:roomId/messages/:seq/forward").handler(ctx -> relay.answer(ctx, "chat.messages.forward",
      body(ctx), 201));
    api.post("/rooms/:roomId/read").handler(ctx -> relay.answer(ctx, "chat.read", body(ctx), 204));
    api.get("/unread").handler(ctx -> relay.answer(ctx, "chat.unread", new JsonObject(), 200));
  }

  private static JsonObject body(RoutingContext ctx) {
    return path(ctx, Relay.json(ctx));
  }

  private static JsonObject path(RoutingContext ctx, JsonObject body) {
    ctx.pathParams().forEach(body::put);
    return body;
  }

  private static JsonObject query(RoutingContext ctx, String... names) {
    JsonObject body = new JsonObject();
    for (String name : names) {
      String value = ctx.request().getParam(name);
      if (value != null) {
        body.put(name, value);
      }
    }
    return body;
  }
}
