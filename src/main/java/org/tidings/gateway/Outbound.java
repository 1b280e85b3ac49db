package org.tidings.gateway;

import io.vertx.core.json.JsonObject;

/**
 * Decides, per event about to be written to a socket, whether it may go. Room events go only
 * to current members; personal events only to their user. What it reads of an event is read
 * once per event ({@link Event#of}), not once per socket.
 */
final class Outbound {

  private final Memberships memberships;

  Outbound(Memberships memberships) {
    this.memberships = memberships;
  }

  /** The two fields of an event the decision reads: its type, and the user it is about. */
  record Event(String type, String userId) {

    static Event of(Object body) {
      if (!(body instanceof JsonObject json)) {
        return new Event(null, null);
      }
      return new Event(json.getValue("type") instanceof String type ? type : null,
        json.getValue("userId") instanceof String userId ? userId : null);
    }
  }

  boolean allows(LiveSocket socket, Topic topic, Event event) {
    Caller caller = socket.caller();
    if (caller == null) {
      return false;
    }
    return switch (topic.kind()) {
      case USER -> topic.id().equals(caller.userId());
      case ROOM -> roomEvent(socket, caller.userId(), topic.id(), event);
    };
  }

  private boolean roomEvent(LiveSocket socket, String userId, String roomId, Event event) {
    boolean aboutMe = userId.equals(event.userId());
    if (aboutMe && EventTypes.MEMBER_LEFT.equals(event.type())) {
      // this stream is in order, so everything after this event in it is already too late for us
      socket.left(roomId);
      return true;
    }
    if (aboutMe && EventTypes.TYPING.equals(event.type())) {
      return false;
    }
    return !socket.hasLeft(roomId) && memberships.isMember(userId, roomId);
  }
}
