package org.tidings.gateway;

import io.vertx.core.json.JsonObject;

import static org.tidings.config.Config.requirePositive;

/**
 * Timing of live sockets, from the {@code live} settings. The reaping rule: a socket that has
 * not pinged for {@code pingTimeout} is closed by the next sweep, so a dead socket goes within
 * {@code pingTimeout} plus one sweep; the defaults keep that at 16 s, well inside 30 s.
 * {@code flushWindowMillis}: how long a plain WebSocket flushed that recently waits before its
 * next flush ({@link FlushBatch}); 0 flushes at the end of each run of the loop's tasks.
 */
public record LiveSettings(long authTimeoutMillis, long pingTimeoutMillis, long heartbeatMillis, long flushWindowMillis) {

  private static final long LONGEST_SWEEP_MILLIS = 1_000;
  private static final long SHORTEST_SWEEP_MILLIS = 100;

  public LiveSettings {
    requirePositive("http.live.authTimeoutMillis", authTimeoutMillis);
    requirePositive("http.live.pingTimeoutMillis", pingTimeoutMillis);
    requirePositive("http.live.heartbeatMillis", heartbeatMillis);
    if (flushWindowMillis < 0) {
      throw new IllegalArgumentException("http.live.flushWindowMillis must be 0 or more, not " + flushWindowMillis);
    }
  }

  /**
   * How often each event loop looks over its sockets for the ones to close (authentication
   * deadline, token expiry, silence): one periodic timer per loop instead of timers per socket.
   * At most a second late, and a few times within the shortest timeout.
   */
  public long sweepMillis() {
    long shortest = Math.min(authTimeoutMillis, pingTimeoutMillis);
    return Math.max(SHORTEST_SWEEP_MILLIS, Math.min(LONGEST_SWEEP_MILLIS, shortest / 4));
  }

  public static LiveSettings from(JsonObject live) {
    JsonObject settings = live == null ? new JsonObject() : live;
    return new LiveSettings(
      settings.getLong("authTimeoutMillis", 10_000L),
      settings.getLong("pingTimeoutMillis", 15_000L),
      settings.getLong("heartbeatMillis", 10_000L),
      settings.getLong("flushWindowMillis", 0L));
  }
}
