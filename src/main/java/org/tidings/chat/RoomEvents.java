package org.tidings.chat;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;

import java.util.UUID;

/**
 * Live events for the gateways' sockets. Callers publish only once the change has committed,
 * so a client that reacts by reading history always finds what the event announced.
 */
final class RoomEvents {

  private final Vertx vertx;

  RoomEvents(Vertx vertx) {
    this.vertx = vertx;
  }

  void toRoom(UUID roomId, String type, JsonObject fields) {
    vertx.eventBus().publish("room." + roomId, event(roomId, type, fields));
  }

  void toUser(UUID userId, UUID roomId, String type) {
    toUser(userId, roomId, type, new JsonObject().put("userId", userId.toString()));
  }

  void toUser(UUID userId, UUID roomId, String type, JsonObject fields) {
    vertx.eventBus().publish("user." + userId, event(roomId, type, fields));
  }

  void message(String type, Message message) {
    message(type, message.roomId(), message.json());
  }

  /**
   * As {@link #message(String, Message)} with the message's API shape already made, so that a
   * sender's answer and the event share one; the event bus copies a body for each receiver, so
   * neither must change it afterwards.
   */
  void message(String type, UUID roomId, JsonObject message) {
    toRoom(roomId, type, new JsonObject().put("message", message));
  }

  private static JsonObject event(UUID roomId, String type, JsonObject fields) {
    return new JsonObject().put("type", type).put("roomId", roomId.toString()).mergeIn(fields);
  }
}
