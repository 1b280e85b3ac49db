package org.tidings.bus;

/**
 * Event-bus headers set by the gateway from what it verified. A service takes "who is asking"
 * only from these, never from a body.
 */
public final class Headers {

  public static final String USER_ID = "user-id";
  public static final String SESSION_ID = "session-id";
  public static final String REQUEST_ID = "request-id";
  public static final String CLIENT_IP = "client-ip";
  public static final String USER_AGENT = "user-agent";

  private Headers() {
  }
}
