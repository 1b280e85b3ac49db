package org.tidings.auth;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.auth.JWTOptions;
import io.vertx.ext.auth.PubSecKeyOptions;
import io.vertx.ext.auth.jwt.JWTAuth;
import io.vertx.ext.auth.jwt.JWTAuthOptions;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;


/**
 * Short-lived access tokens: HS256 JWTs carrying the user ({@code sub}) and the session
 * ({@code sid}). The key comes from the settings or, when none is set, is made on first start
 * and kept in {@code auth.signing_keys}, so every instance sharing the database agrees on it.
 */
public final class Tokens {

  public static final String ALGORITHM = "HS256";

  private final JWTAuth jwt;
  private final String secret;
  private final long ttlSeconds;

  private Tokens(JWTAuth jwt, String secret, long ttlSeconds) {
    this.jwt = jwt;
    this.secret = secret;
    this.ttlSeconds = ttlSeconds;
  }

  public static Future<Tokens> load(Vertx vertx, Pool pool, AuthSettings settings) {
    Future<String> secret = settings.jwtSecret().isBlank()
      ? storedSecret(pool)
      : Future.succeededFuture(settings.jwtSecret());
    return secret.map(s -> new Tokens(verifier(vertx, s), s, settings.accessTokenTtl()));
  }

  /** A JWT checker for the same key: what the gateway builds from {@link #secret()}. */
  public static JWTAuth verifier(Vertx vertx, String secret) {
    if (secret.length() < 32) {
      throw new IllegalArgumentException("auth.jwtSecret must be at least 32 characters");
    }
    return JWTAuth.create(vertx, new JWTAuthOptions().addPubSecKey(new PubSecKeyOptions()
      .setAlgorithm(ALGORITHM)
      .setBuffer(secret)));
  }

  private static Future<String> storedSecret(Pool pool) {
    String candidate = Secrets.newToken() + Secrets.newToken();
    return pool.preparedQuery(AuthQueries.INSERT_SIGNING_KEY).execute(Tuple.of("jwt", candidate))
      .compose(ignored -> pool.preparedQuery(AuthQueries.SIGNING_KEY).execute(Tuple.of("jwt")))
      .map(rows -> rows.iterator().next().getString("secret"));
  }

  public String issue(String userId, String sessionId) {
    return jwt.generateToken(new JsonObject().put("sub", userId).put("sid", sessionId),
      new JWTOptions().setAlgorithm(ALGORITHM).setExpiresInSeconds((int) ttlSeconds));
  }

  public long ttlSeconds() {
    return ttlSeconds;
  }

  String secret() {
    return secret;
  }

}
