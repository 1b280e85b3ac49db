package org.tidings.gateway;

import io.vertx.core.Future;
import io.vertx.ext.auth.authentication.TokenCredentials;
import io.vertx.ext.auth.jwt.JWTAuth;
import org.tidings.bus.Failure;

/**
 * Checks an access token: signature and expiry by the JWT library, revocation in memory.
 * No database round trip on this path.
 */
public final class AccessTokens {

  private final JWTAuth jwt;
  private final Revocations revocations;

  public AccessTokens(JWTAuth jwt, Revocations revocations) {
    this.jwt = jwt;
    this.revocations = revocations;
  }

  public Future<Caller> verify(String token) {
    return check(token).map(Verified::caller);
  }

  /** {@link #verify}, also telling when the token expires: a live socket ends with its token. */
  public Future<Verified> check(String token) {
    if (token == null || token.isEmpty() || token.length() > 4096) {
      return Future.failedFuture(Failure.unauthorized());
    }
    return jwt.authenticate(new TokenCredentials(token))
      .recover(e -> Future.failedFuture(Failure.unauthorized()))
      .map(user -> {
        String userId = user.principal().getString("sub");
        String sessionId = user.principal().getString("sid");
        if (userId == null || sessionId == null || revocations.isRevoked(sessionId)) {
          throw Failure.unauthorized();
        }
        // the JWT provider keeps the checked expiry among the user's attributes, not its principal
        Object expires = user.get("exp");
        return new Verified(new Caller(userId, sessionId),
          expires instanceof Number seconds ? seconds.longValue() * 1000 : Long.MAX_VALUE);
      });
  }

  /** A verified token: who it speaks for and until when (epoch millis; {@code Long.MAX_VALUE} for never). */
  public record Verified(Caller caller, long expiresAtMillis) {
  }

  public Revocations revocations() {
    return revocations;
  }
}
