package org.tidings.gateway;

/** An address a socket may listen on: {@code room.<roomId>} or {@code user.<userId>}. */
record Topic(Kind kind, String id) {

  enum Kind { ROOM, USER }

  static final String ROOM_PREFIX = "room.";
  static final String USER_PREFIX = "user.";

  /** Null for any other address, and for a prefix with no id after it. */
  static Topic parse(String address) {
    if (address == null) {
      return null;
    }
    if (address.startsWith(ROOM_PREFIX) && address.length() > ROOM_PREFIX.length()) {
      return new Topic(Kind.ROOM, address.substring(ROOM_PREFIX.length()));
    }
    if (address.startsWith(USER_PREFIX) && address.length() > USER_PREFIX.length()) {
      return new Topic(Kind.USER, address.substring(USER_PREFIX.length()));
    }
    return null;
  }

  static String room(String roomId) {
    return ROOM_PREFIX + roomId;
  }

  static String user(String userId) {
    return USER_PREFIX + userId;
  }
}
