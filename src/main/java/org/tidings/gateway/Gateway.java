package org.tidings.gateway;

import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.json.JsonObject;
import org.tidings.auth.Tokens;
import org.tidings.content.ContentStore;

/**
 * Starts the HTTP side once the auth service of this instance is up: fetches the token key,
 * starts listening for revocations, then deploys the HTTP verticles that share them.
 */
public final class Gateway {

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
        GatewayContext gateway = new GatewayContext(tokens, metrics, http.getLong("jsonBodyLimit", 65_536L), content);
        return revocations.listen(vertx).compose(ignored -> vertx.deployVerticle(() -> new HttpVerticle(gateway),
          new DeploymentOptions().setInstances(instances).setConfig(http)));
      });
  }
}
