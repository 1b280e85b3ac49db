package org.tidings.gateway;

import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;
import org.tidings.bus.Failure;

/** Lets a request through only with a valid {@code Authorization: Bearer} access token. */
final class Authenticate implements Handler<RoutingContext> {

  private static final String BEARER = "Bearer ";

  private final AccessTokens tokens;

  Authenticate(AccessTokens tokens) {
    this.tokens = tokens;
  }

  @Override
  public void handle(RoutingContext ctx) {
    String header = ctx.request().getHeader("Authorization");
    if (header == null || !header.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
      ctx.fail(Failure.unauthorized());
      return;
    }
    tokens.verify(header.substring(BEARER.length()).trim())
      .onSuccess(caller -> {
        ctx.put(Caller.KEY, caller);
        ctx.next();
      })
      .onFailure(ctx::fail);
  }
}
