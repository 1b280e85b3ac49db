package org.tidings.gateway;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.internal.VertxInternal;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

import java.util.List;
import java.util.Map;

/**
 * {@code GET /health}: asks each service's {@code <service>.health} address (a service
 * reports its database and whatever else it depends on) and answers 503 if any is down.
 * The services asked are this instance's own, so that in a cluster the answer is about the
 * instance a load balancer asked (its cache, its nodes), not whichever one the bus picked.
 */
final class HealthRoutes {

  private static final long CHECK_TIMEOUT_MILLIS = 3_000;

  /** Check name to the address that answers it. */
  static final Map<String, String> CHECKS = Map.of(
    "database", "auth.health",
    "chat", "chat.health",
    "disk cache", "content.cache.health",
    "nodes", "content.nodes.health");

  private final Vertx vertx;

  HealthRoutes(Vertx vertx) {
    this.vertx = vertx;
  }

  void mount(Router router) {
    router.get("/health").handler(this::health);
  }

  private void health(RoutingContext ctx) {
    List<Future<JsonObject>> checks = CHECKS.entrySet().stream()
      .sorted(Map.Entry.comparingByKey())
      .map(check -> run(check.getKey(), check.getValue()))
      .toList();
    Future.join(checks).onComplete(done -> {
      JsonArray results = new JsonArray();
      checks.forEach(check -> results.add(check.result()));
      if (vertx.isClustered()) {
        // An instance that found none of its configured members forms a cluster alone, and
        // what it publishes reaches no other instance: the count shows it.
        int members = ((VertxInternal) vertx).clusterManager().getNodes().size();
        results.add(new JsonObject().put("name", "cluster").put("status", "UP").put("members", members));
      }
      boolean up = results.stream().allMatch(r -> "UP".equals(((JsonObject) r).getString("status")));
      Relay.respond(ctx, up ? 200 : 503, new JsonObject().put("status", up ? "UP" : "DOWN").put("checks", results));
    });
  }

  private Future<JsonObject> run(String name, String address) {
    long start = System.nanoTime();
    return vertx.eventBus().<JsonObject>request(address, new JsonObject(),
        new DeliveryOptions().setSendTimeout(CHECK_TIMEOUT_MILLIS).setLocalOnly(true))
      .map(reply -> (reply.body() == null ? new JsonObject() : reply.body().copy())
        .put("name", name).put("status", "UP").put("millis", (System.nanoTime() - start) / 1_000_000))
      .otherwise(e -> new JsonObject().put("name", name).put("status", "DOWN").put("error", e.getMessage()));
  }
}
