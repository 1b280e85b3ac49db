package org.tidings.gateway;

/** Who is calling, as proven by a verified access token. */
public record Caller(String userId, String sessionId) {

  static final String KEY = "caller";
}
