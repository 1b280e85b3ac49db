package org.tidings.gateway;

import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/** The Auth rows of API.md, relayed to {@code auth.*}. */
final class AuthRoutes {

  private final Relay relay;
  private final Revocations revocations;

  AuthRoutes(Relay relay, Revocations revocations) {
    this.relay = relay;
    this.revocations = revocations;
  }

  /** Calls anyone may make: they are how a caller gets a token in the first place. */
  void mountPublic(Router api) {
    api.post("/auth/register").handler(ctx -> relay.answer(ctx, "auth.register", Relay.json(ctx), 201));
    api.post("/auth/verify").handler(ctx -> relay.answer(ctx, "auth.verify", Relay.json(ctx), 204));
    api.post("/auth/login").handler(ctx -> relay.answer(ctx, "auth.login", Relay.json(ctx), 200));
    api.post("/auth/refresh").handler(ctx -> relay.answer(ctx, "auth.refresh", Relay.json(ctx), 200));
    api.post("/auth/verify/resend").handler(ctx -> relay.answer(ctx, "auth.verify.resend", Relay.json(ctx), 202));
    api.post("/auth/password/forgot").handler(ctx -> relay.answer(ctx, "auth.password.forgot", Relay.json(ctx), 202));
    api.post("/auth/password/reset").handler(ctx -> revoking(ctx, "auth.password.reset", Relay.json(ctx)));
  }

  void mountPrivate(Router api) {
    api.post("/auth/logout").handler(ctx -> revoking(ctx, "auth.logout", new JsonObject()));
    api.get("/auth/sessions").handler(ctx -> relay.answer(ctx, "auth.sessions.list", new JsonObject(), 200));
    api.delete("/auth/sessions/:id").handler(ctx -> revoking(ctx, "auth.sessions.revoke",
      new JsonObject().put("sessionId", ctx.pathParam("id"))));
    api.get("/me").handler(ctx -> relay.answer(ctx, "auth.me", new JsonObject(), 200));
    api.patch("/me").handler(ctx -> relay.answer(ctx, "auth.me.update", Relay.json(ctx), 200));
    api.get("/users").handler(ctx -> relay.answer(ctx, "auth.users.find",
      new JsonObject().put("email", ctx.request().getParam("email")), 200));
  }

  /**
   * Calls that end sessions. The revocation also arrives as an event, but it is applied here
   * before answering, so the very next request on this instance is already refused.
   */
  private void revoking(RoutingContext ctx, String address, JsonObject body) {
    relay.<JsonObject>call(ctx, address, body)
      .onSuccess(revoked -> {
        revocations.addAll(revoked);
        Relay.respond(ctx, 204, null);
      })
      .onFailure(ctx::fail);
  }
}
