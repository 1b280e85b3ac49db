package org.tidings.gateway;

import io.vertx.core.json.JsonObject;

/**
 * Timing of live sockets, from the {@code live} settings. The reaping rule: the bridge checks
 * every {@code pingTimeout} for a client ping within the last {@code pingTimeout}, so a dead
 * socket goes within two of them; the defaults keep that at 30 s.
 */
public record LiveSettings(long authTimeoutMillis, long pingTimeoutMillis, long heartbeatMillis) {

  public static LiveSettings from(JsonObject live) {
    JsonObject settings = live == null ? new JsonObject() : live;
    return new LiveSettings(
      settings.getLong("authTimeoutMillis", 10_000L),
      settings.getLong("pingTimeoutMillis", 15_000L),
      settings.getLong("heartbeatMillis", 10_000L));
  }
}
