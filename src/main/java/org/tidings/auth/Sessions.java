package org.tidings.auth;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import org.tidings.bus.Call;
import org.tidings.bus.Failure;
import org.tidings.bus.Fields;
import org.tidings.bus.Headers;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Locale;
import java.util.UUID;

/**
 * Device sessions: login, token refresh with rotation and theft detection, listing and
 * revocation. Every revocation is published on {@link #REVOKED} so each gateway stops
 * accepting the session's access tokens at once, without asking the database per request.
 */
public final class Sessions {

  public static final String REVOKED = "auth.revoked";
  private static final int MAX_AGENT = 512;

  private final Vertx vertx;
  private final Pool pool;
  private final Passwords passwords;
  private final Tokens tokens;
  private final AuthSettings settings;
  private final ClusterThrottle loginThrottle;

  public Sessions(Vertx vertx, Pool pool, Passwords passwords, Tokens tokens, AuthSettings settings,
                  ClusterThrottle loginThrottle) {
    this.vertx = vertx;
    this.pool = pool;
    this.passwords = passwords;
    this.tokens = tokens;
    this.settings = settings;
    this.loginThrottle = loginThrottle;
  }

  public Future<JsonObject> login(Call call) {
    Fields fields = call.fields();
    String email = fields.string("email");
    String password = fields.string("password");
    String ip = String.valueOf(call.header(Headers.CLIENT_IP));
    String agent = truncate(call.header(Headers.USER_AGENT));
    String key = email.toLowerCase(Locale.ROOT);
    long wait = loginThrottle.retryAfter(key, ip);
    if (wait > 0) {
      return Future.failedFuture(Failure.rateLimited(wait));
    }
    if (email.length() > Accounts.MAX_EMAIL || password.length() > Accounts.MAX_PASSWORD) {
      loginThrottle.record(key, ip);
      return Future.failedFuture(invalidCredentials());
    }
    return pool.preparedQuery(AuthQueries.USER_BY_EMAIL).execute(Tuple.of(email))
      .compose(rows -> check(rows, password))
      .compose(user -> {
        if (user == null) {
          loginThrottle.record(key, ip);
          return Future.failedFuture(invalidCredentials());
        }
        if (settings.requireVerifiedEmail() && user.getValue("email_verified_at") == null) {
          return Future.failedFuture(Failure.of(403, "email_not_verified", "Confirm your email address first"));
        }
        loginThrottle.forget(key);
        return open(user.getUUID("id"), ip, agent);
      });
  }

  public Future<JsonObject> refresh(Call call) {
    byte[] hash = Secrets.digest(call.fields().string("refreshToken"));
    return pool.withTransaction(conn -> conn.preparedQuery(AuthQueries.USE_REFRESH_TOKEN).execute(Tuple.of(hash))
        .compose(rows -> {
          if (rows.size() == 0) {
            return Future.<JsonObject>succeededFuture(null);
          }
          Row row = rows.iterator().next();
          UUID sessionId = row.getUUID("id");
          return conn.preparedQuery(AuthQueries.TOUCH_SESSION).execute(Tuple.of(sessionId))
            .compose(ignored -> pair(conn, row.getUUID("user_id"), sessionId));
        }))
      .compose(pair -> pair != null ? Future.succeededFuture(pair) : refusedRefresh(hash));
  }

  public Future<JsonObject> logout(Call call) {
    return revoke(AuthQueries.REVOKE_OWN_SESSION,
      Tuple.of(UUID.fromString(call.sessionId()), UUID.fromString(call.userId())));
  }

  public Future<JsonArray> list(Call call) {
    String current = call.sessionId();
    return pool.preparedQuery(AuthQueries.LIST_SESSIONS).execute(Tuple.of(UUID.fromString(call.userId())))
      .map(rows -> {
        JsonArray sessions = new JsonArray();
        rows.forEach(row -> sessions.add(new JsonObject()
          .put("id", row.getUUID("id").toString())
          .put("ip", row.getString("ip"))
          .put("userAgent", row.getString("user_agent"))
          .put("createdAt", row.getOffsetDateTime("created_at").toInstant().toString())
          .put("lastSeenAt", row.getOffsetDateTime("last_seen_at").toInstant().toString())
          .put("current", row.getUUID("id").toString().equals(current))));
        return sessions;
      });
  }

  public Future<JsonObject> revokeOne(Call call) {
    UUID sessionId = call.fields().id("sessionId");
    return revoke(AuthQueries.REVOKE_OWN_SESSION, Tuple.of(sessionId, UUID.fromString(call.userId())))
      .map(revoked -> {
        if (revoked.getJsonArray("revoked").isEmpty()) {
          throw Failure.notFound("No such session");
        }
        return revoked;
      });
  }

  /** After a password reset: every device signs in again. */
  public Future<JsonObject> revokeAll(UUID userId) {
    return revoke(AuthQueries.REVOKE_USER_SESSIONS, Tuple.of(userId));
  }

  /** Sessions revoked while their access tokens may still be alive, for a gateway that starts. */
  public Future<JsonObject> recentlyRevoked(Call call) {
    OffsetDateTime since = OffsetDateTime.now(ZoneOffset.UTC).minusSeconds(settings.accessTokenTtl() + 60);
    return pool.preparedQuery(AuthQueries.REVOKED_SINCE).execute(Tuple.of(since)).map(Sessions::revocations);
  }

  private Future<Row> check(RowSet<Row> rows, String password) {
    if (rows.size() == 0) {
      return passwords.verifyNobody(password).map(ignored -> null);
    }
    Row user = rows.iterator().next();
    return passwords.verify(password, user.getString("pass_hash")).map(ok -> ok ? user : null);
  }

  private Future<JsonObject> open(UUID userId, String ip, String agent) {
    return pool.withTransaction(conn -> conn.preparedQuery(AuthQueries.INSERT_SESSION)
      .execute(Tuple.of(userId, ip, agent))
      .compose(rows -> pair(conn, userId, rows.iterator().next().getUUID("id"))));
  }

  private Future<JsonObject> pair(SqlClient conn, UUID userId, UUID sessionId) {
    String refresh = Secrets.newToken();
    OffsetDateTime expires = OffsetDateTime.now(ZoneOffset.UTC).plusSeconds(settings.refreshTokenTtl());
    return conn.preparedQuery(AuthQueries.INSERT_REFRESH_TOKEN)
      .execute(Tuple.of(Secrets.digest(refresh), sessionId, expires))
      .map(ignored -> new JsonObject()
        .put("accessToken", tokens.issue(userId.toString(), sessionId.toString()))
        .put("refreshToken", refresh)
        .put("expiresIn", tokens.ttlSeconds())
        .put("sessionId", sessionId.toString())
        .put("userId", userId.toString()));
  }

  private Future<JsonObject> refusedRefresh(byte[] hash) {
    return pool.preparedQuery(AuthQueries.SPENT_REFRESH_TOKEN).execute(Tuple.of(hash))
      .compose(rows -> rows.size() == 0
        ? Future.succeededFuture()
        : revoke(AuthQueries.REVOKE_SESSION, Tuple.of(rows.iterator().next().getUUID("session_id"))))
      .compose(ignored -> Future.failedFuture(Failure.of(401, "invalid_token", "This refresh token is not valid")));
  }

  private Future<JsonObject> revoke(String sql, Tuple args) {
    return pool.preparedQuery(sql).execute(args).map(rows -> {
      JsonObject revoked = revocations(rows);
      revoked.getJsonArray("revoked").forEach(r -> vertx.eventBus().publish(REVOKED, r));
      return revoked;
    });
  }

  private static JsonObject revocations(RowSet<Row> rows) {
    JsonArray list = new JsonArray();
    rows.forEach(row -> list.add(new JsonObject()
      .put("sessionId", row.getUUID("id").toString())
      .put("userId", row.getUUID("user_id").toString())));
    return new JsonObject().put("revoked", list);
  }

  private static RuntimeException invalidCredentials() {
    return Failure.of(401, "invalid_credentials", "Wrong email or password");
  }

  private static String truncate(String agent) {
    return agent == null || agent.length() <= MAX_AGENT ? agent : agent.substring(0, MAX_AGENT);
  }
}
