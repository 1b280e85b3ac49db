package org.tidings.gateway;

import io.vertx.core.Future;
import io.vertx.ext.auth.authentication.TokenCredentials;
import io.vertx.ext.auth.jwt.JWTAuth;
import org.tidings.bus.Failure;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Checks an access token: signature and expiry by the JWT library, revocation in memory.
 * No database round trip on this path.
 *
 * <p>A token whose signature checked out is remembered, by its exact text, until it expires:
 * a client sends the same token with every request, and parsing and verifying it again was a
 * fifth of the work of serving a small file. Expiry and revocation are still checked on every
 * request; the memory is bounded and simply starts over when full.
 */
public final class AccessTokens {

  private static final int MAX_REMEMBERED = 10_000;

  private final JWTAuth jwt;
  private final Revocations revocations;
  private final Map<String, Verified> verified = new ConcurrentHashMap<>();

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
    Verified known = verified.get(token);
    if (known != null) {
      if (known.expiresAtMillis() <= System.currentTimeMillis()) {
        verified.remove(token);
        return Future.failedFuture(Failure.unauthorized());
      }
      return revocations.isRevoked(known.caller().sessionId())
        ? Future.failedFuture(Failure.unauthorized())
        : Future.succeededFuture(known);
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
      })
      .onSuccess(checked -> remember(token, checked));
  }

  private void remember(String token, Verified checked) {
    if (verified.size() >= MAX_REMEMBERED) {
      verified.clear();
    }
    verified.put(token, checked);
  }

  /** A verified token: who it speaks for and until when (epoch millis; {@code Long.MAX_VALUE} for never). */
  public record Verified(Caller caller, long expiresAtMillis) {
  }

  public Revocations revocations() {
    return revocations;
  }
}
