package org.tidings.auth;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonObject;

import java.util.UUID;

/**
 * A {@link Throttle} that every instance of a cluster keeps alike. The event bus spreads
 * {@code auth.login} requests over the instances, so with separate counters an attacker would
 * get the limit once per instance; here each attempt recorded on one instance is published and
 * recorded by the others too (a success that clears an address likewise). Checking stays a
 * lookup in local memory. Alone, an instance hears only itself and this is a plain throttle.
 */
final class ClusterThrottle {

  private final Throttle local;
  private final Vertx vertx;
  private final String address;
  /** Tells this instance's own publications apart, which it has already counted. */
  private final String origin = UUID.randomUUID().toString();
  private MessageConsumer<JsonObject> consumer;

  private ClusterThrottle(Vertx vertx, String address, Throttle local) {
    this.vertx = vertx;
    this.address = address;
    this.local = local;
  }

  /** One per instance and address, shared by the instance's auth verticles. */
  static Future<ClusterThrottle> start(Vertx vertx, String address, Throttle local) {
    ClusterThrottle throttle = new ClusterThrottle(vertx, address, local);
    throttle.consumer = vertx.eventBus().consumer(address, message -> throttle.heard(message.body()));
    return throttle.consumer.completion().map(throttle);
  }

  Future<Void> stop() {
    return consumer.unregister();
  }

  long retryAfter(String email, String ip) {
    return local.retryAfter(email, ip);
  }

  void record(String email, String ip) {
    local.record(email, ip);
    vertx.eventBus().publish(address, new JsonObject().put("origin", origin).put("email", email).put("ip", ip));
  }

  void forget(String email) {
    local.forget(email);
    vertx.eventBus().publish(address, new JsonObject().put("origin", origin).put("email", email).put("forget", true));
  }

  void sweep() {
    local.sweep();
  }

  private void heard(JsonObject attempt) {
    if (origin.equals(attempt.getString("origin")) || !(attempt.getValue("email") instanceof String email)) {
      return;
    }
    if (attempt.getBoolean("forget", false)) {
      local.forget(email);
    } else if (attempt.getValue("ip") instanceof String ip) {
      local.record(email, ip);
    }
  }
}
