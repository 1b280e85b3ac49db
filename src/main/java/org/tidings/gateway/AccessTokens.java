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
        return new Caller(userId, sessionId);
      });
  }

  public Revocations revocations() {
    return revocations;
  }
}
