package org.tidings.gateway;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.tidings.auth.Sessions;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

/**
 * Sessions revoked recently enough that their access tokens might still be unexpired.
 * Filled from the auth service at start and from its {@code auth.revoked} events after, so
 * checking a token is a map lookup, and a revocation on any instance is honoured by all.
 */
public final class Revocations {

  private final Map<String, Long> revokedUntil = new ConcurrentHashMap<>();
  private final LongSupplier clock;
  private final long keepMillis;
  private final List<Consumer<String>> listeners = new CopyOnWriteArrayList<>();

  public Revocations(LongSupplier clock, long accessTokenTtlSeconds) {
    this.clock = clock;
    // a token lives at most its ttl past issue; a minute more covers clock skew between instances
    this.keepMillis = (accessTokenTtlSeconds + 60) * 1000;
  }

  /** Subscribes to revocations, then loads the ones made before this instance started. */
  public Future<Void> listen(Vertx vertx) {
    vertx.eventBus().<JsonObject>consumer(Sessions.REVOKED, message -> add(message.body()));
    vertx.setPeriodic(60_000, id -> sweep());
    return vertx.eventBus().<JsonObject>request("auth.revocations", new JsonObject())
      .onSuccess(reply -> addAll(reply.body()))
      .mapEmpty();
  }

  /** A reply of the auth service that names revoked sessions ({@code {revoked: [...]}}). */
  public void addAll(JsonObject reply) {
    JsonArray revoked = reply == null ? null : reply.getJsonArray("revoked");
    if (revoked != null) {
      revoked.forEach(entry -> add((JsonObject) entry));
    }
  }

  public boolean isRevoked(String sessionId) {
    Long until = revokedUntil.get(sessionId);
    return until != null && until > clock.getAsLong();
  }

  /** Told of each newly revoked session, for closing its live sockets. */
  public void onRevoked(Consumer<String> listener) {
    listeners.add(listener);
  }

  private void add(JsonObject revocation) {
    String sessionId = revocation.getString("sessionId");
    if (sessionId != null && revokedUntil.put(sessionId, clock.getAsLong() + keepMillis) == null) {
      listeners.forEach(listener -> listener.accept(sessionId));
    }
  }

  private void sweep() {
    long now = clock.getAsLong();
    revokedUntil.values().removeIf(until -> until <= now);
  }
}
