package org.tidings.gateway;

import io.vertx.core.json.JsonObject;

/**
 * Decides, per event about to be written to a socket, whether it may go. Room events go only
 * to current members; personal events only to their user.
 */
final class Outbound {

  private final Memberships memberships;

  Outbound(Memberships memberships) {
    this.memberships = memberships;
  }

  boolean allows(LiveSocket socket, Topic topic, Object body) {
    Caller caller = socket.caller();
    if (caller == null) {
      return false;
    }
    return switch (topic.kind()) {
      case USER -> topic.id().equals(caller.userId());
      case ROOM -> roomEvent(socket, caller.userId(), topic.id(), body);
    };
  }

  private boolean roomEvent(LiveSocket socket, String userId, String roomId, Object body) {
    JsonObject event = body instanceof JsonObject json ? json : new JsonObject();
    boolean aboutMe = userId.equals(event.getString("userId"));
    String type = event.getString("type");
    if (aboutMe && EventTypes.MEMBER_LEFT.equals(type)) {
      // this stream is in order, so everything after this event in it is already too late for us
      socket.left(roomId);
      return true;
    }
    if (aboutMe && EventTypes.TYPING.equals(type)) {
      return false;
    }
    return !socket.hasLeft(roomId) && memberships.isMember(userId, roomId);
  }
}
