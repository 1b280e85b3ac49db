package org.tidings.gateway;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Vertx;
import io.vertx.ext.web.Router;
import org.tidings.auth.Tokens;

/** The server's router, built without a server, for tests that look at its routes. */
final class TestRouter {

  private TestRouter() {
  }

  static Router create(Vertx vertx) {
    AccessTokens tokens = new AccessTokens(Tokens.verifier(vertx, "x".repeat(32)),
      new Revocations(System::currentTimeMillis, 900));
    LiveContext live = new LiveContext(tokens, new Memberships(vertx), new SocketRegistry(), LiveSettings.from(null));
    GatewayContext context = new GatewayContext(tokens, new PrometheusMeterRegistry(PrometheusConfig.DEFAULT), 65_536, live,
      null, TrustedProxies.NONE);
    return ApiRouter.create(vertx, context);
  }
}
