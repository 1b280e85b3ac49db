package org.tidings.gateway;

/** The {@code type} values of live events that the gateway itself looks at or makes. */
final class EventTypes {

  static final String MEMBER_JOINED = "member.joined";
  static final String MEMBER_LEFT = "member.left";
  static final String TYPING = "typing";

  private EventTypes() {
  }
}
