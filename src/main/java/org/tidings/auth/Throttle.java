package org.tidings.auth;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * Counts attempts per key (an email, a client address) in a sliding window and says how long
 * a key must wait once it has used up its allowance. Kept in memory: cheap on the hot path;
 * {@link ClusterThrottle} keeps the instances of a cluster alike.
 */
public final class Throttle {

  public record Limits(int perEmail, int perIp, int windowSeconds) {
  }

  private final Limits limits;
  private final LongSupplier clock;
  private final Map<String, Deque<Long>> attempts = new ConcurrentHashMap<>();

  public Throttle(Limits limits, LongSupplier clock) {
    this.limits = limits;
    this.clock = clock;
  }

  /** Seconds to wait before this email or address may try again; 0 when it may now. */
  public long retryAfter(String email, String ip) {
    return Math.max(wait("email:" + email, limits.perEmail()), wait("ip:" + ip, limits.perIp()));
  }

  public void record(String email, String ip) {
    long now = clock.getAsLong();
    add("email:" + email, now);
    add("ip:" + ip, now);
  }

  public void forget(String email) {
    attempts.remove("email:" + email);
  }

  /** Drops keys whose attempts have all left the window; called periodically. */
  public void sweep() {
    long oldest = clock.getAsLong() - limits.windowSeconds() * 1000L;
    attempts.entrySet().removeIf(entry -> {
      synchronized (entry.getValue()) {
        Long last = entry.getValue().peekLast();
        return last == null || last < oldest;
      }
    });
  }

  private void add(String key, long now) {
    Deque<Long> times = attempts.computeIfAbsent(key, k -> new ArrayDeque<>());
    synchronized (times) {
      times.addLast(now);
      while (times.size() > 1000) {
        times.removeFirst();
      }
    }
  }

  private long wait(String key, int allowed) {
    Deque<Long> times = attempts.get(key);
    if (times == null) {
      return 0;
    }
    long now = clock.getAsLong();
    long windowMillis = limits.windowSeconds() * 1000L;
    synchronized (times) {
      while (!times.isEmpty() && times.peekFirst() <= now - windowMillis) {
        times.removeFirst();
      }
      if (times.size() < allowed) {
        return 0;
      }
      long freedAt = times.stream().skip(times.size() - allowed).findFirst().orElse(now) + windowMillis;
      return Math.max(1, (freedAt - now + 999) / 1000);
    }
  }
}
