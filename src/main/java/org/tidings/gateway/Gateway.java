package org.tidings.gateway;

import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.json.JsonObject;
import org.tidings.auth.Tokens;
import org.tidings.bus.Endpoints;
import org.tidings.content.ContentStore;

/**
 * Starts the HTTP side once the auth service of this instance is up: fetches the token key,
 * starts listening for revocations, sets up the state live sockets share, then deploys the
 * HTTP verticles that share all of it.
 */
public final class Gateway {

  private static final long TYPING_SWEEP_MILLIS = 60_000;

  private Gateway() {
  }

  public static Future<String> deploy(Vertx vertx, JsonObject http, MeterRegistry metrics, ContentStore content) {
    int instances = http.getInteger("instances", 0) > 0
      ? http.getInteger("instances")
      : Runtime.getRuntime().availableProcessors();
    return vertx.eventBus().<JsonObject>request("auth.signing-key", new JsonObject(),
        new DeliveryOptions().setLocalOnly(true))
      .map(reply -> reply.body())
      .compose(key -> {
        Revocations revocations = new Revocations(System::currentTimeMillis, key.getLong("accessTokenTtl"));
        AccessTokens tokens = new AccessTokens(Tokens.verifier(vertx, key.getString("secret")), revocations);
        LiveContext live = live(vertx, tokens, LiveSettings.from(http.getJsonObject("live")));
        GatewayContext gateway = new GatewayContext(tokens, metrics, http.getLong("jsonBodyLimit", 65_536L), live, content,
          TrustedProxies.from(http.getJsonArray("trustedProxies")));
        return revocations.listen(vertx).compose(ignored -> vertx.deployVerticle(() -> new HttpVerticle(gateway),
          new DeploymentOptions().setInstances(instances).setConfig(http)));
      });
  }

  /** The state live sockets share on this instance, and {@code chat.typing}, which only its bridges call. */
  private static LiveContext live(Vertx vertx, AccessTokens tokens, LiveSettings settings) {
    Memberships memberships = new Memberships(vertx);
    SocketRegistry registry = new SocketRegistry();
    tokens.revocations().onRevoked(registry::closeSession);
    Typing typing = new Typing(vertx, memberships, System::currentTimeMillis);
    vertx.setPeriodic(TYPING_SWEEP_MILLIS, id -> typing.sweep());
    Endpoints endpoints = new Endpoints(vertx);
    endpoints.bindLocal("chat.typing", typing::typing);
    return new LiveContext(tokens, memberships, registry, settings);
  }
}
