package org.tidings.gateway;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import org.tidings.bus.Call;
import org.tidings.bus.Failure;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * {@code chat.typing}: tells a room that a member is typing. Never stored; at most one event per
 * user and room every two seconds, since a client sends one per keystroke burst and every
 * member's socket pays for each.
 */
public final class Typing {

  static final long INTERVAL_MILLIS = 2_000;

  private final Vertx vertx;
  private final Memberships memberships;
  private final LongSupplier clock;
  private final Map<String, Long> lastSent = new ConcurrentHashMap<>();

  public Typing(Vertx vertx, Memberships memberships, LongSupplier clock) {
    this.vertx = vertx;
    this.memberships = memberships;
    this.clock = clock;
  }

  /** A throttled event is answered like a sent one: the client has nothing to do about it. */
  public Future<Void> typing(Call call) {
    String userId = call.userId();
    String roomId = call.fields().id("roomId").toString();
    if (!due(userId + ' ' + roomId)) {
      return Future.succeededFuture();
    }
    return memberships.check(userId, roomId).compose(member -> {
      if (!member) {
        // as for every room call: a room one is not in does not exist
        return Future.failedFuture(Failure.notFound("No such room"));
      }
      vertx.eventBus().publish(Topic.room(roomId), new JsonObject()
        .put("type", EventTypes.TYPING).put("roomId", roomId).put("userId", userId));
      return Future.succeededFuture();
    });
  }

  /** Forgets keys whose interval has passed; called periodically so idle pairs do not pile up. */
  public void sweep() {
    long expired = clock.getAsLong() - INTERVAL_MILLIS;
    lastSent.values().removeIf(sent -> sent <= expired);
  }

  private boolean due(String key) {
    long now = clock.getAsLong();
    boolean[] due = new boolean[1];
    lastSent.compute(key, (k, sent) -> {
      due[0] = sent == null || now - sent >= INTERVAL_MILLIS;
      return due[0] ? now : sent;
    });
    return due[0];
  }
}
