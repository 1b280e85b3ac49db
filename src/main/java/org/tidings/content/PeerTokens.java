package org.tidings.content;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.auth.JWTOptions;
import io.vertx.ext.auth.PubSecKeyOptions;
import io.vertx.ext.auth.authentication.TokenCredentials;
import io.vertx.ext.auth.jwt.JWTAuth;
import io.vertx.ext.auth.jwt.JWTAuthOptions;
import org.tidings.bus.Failure;

/**
 * What one instance shows another to be sent a cached blob: a JWT signed with the cluster's
 * token key (only members have it), for the audience {@value #AUDIENCE} and valid for a
 * minute. A user's access token has no audience and is refused here; a peer token has no
 * session and is refused as an access token, so neither can stand in for the other.
 */
final class PeerTokens {

  static final String AUDIENCE = "tidings-peer";
  private static final String ALGORITHM = "HS256";
  private static final int TTL_SECONDS = 60;
  private static final String BEARER = "Bearer ";

  private final JWTAuth jwt;
  private final String instance;

  PeerTokens(Vertx vertx, String secret, String instance) {
    this.jwt = JWTAuth.create(vertx, new JWTAuthOptions()
      .addPubSecKey(new PubSecKeyOptions().setAlgorithm(ALGORITHM).setBuffer(secret))
      .setJWTOptions(new JWTOptions().addAudience(AUDIENCE)));
    this.instance = instance;
  }

  /** The {@code Authorization} header value for a request to a peer. */
  String header() {
    return BEARER + jwt.generateToken(new JsonObject().put("sub", instance),
      new JWTOptions().setAlgorithm(ALGORITHM).setExpiresInSeconds(TTL_SECONDS).addAudience(AUDIENCE));
  }

  /** Succeeds for an {@code Authorization} header carrying a valid peer token; {@code 401} otherwise. */
  Future<Void> check(String authorization) {
    if (authorization == null || !authorization.regionMatches(true, 0, BEARER, 0, BEARER.length())
      || authorization.length() > 4096) {
      return Future.failedFuture(Failure.unauthorized());
    }
    return jwt.authenticate(new TokenCredentials(authorization.substring(BEARER.length()).trim()))
      .recover(e -> Future.failedFuture(Failure.unauthorized()))
      .mapEmpty();
  }
}
