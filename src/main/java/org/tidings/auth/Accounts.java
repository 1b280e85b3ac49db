package org.tidings.auth;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.pgclient.PgException;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.Tuple;
import org.tidings.bus.Call;
import org.tidings.bus.Failure;
import org.tidings.bus.Fields;
import org.tidings.bus.Headers;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Locale;
import java.util.UUID;
import java.util.function.Function;
import java.util.regex.Pattern;

/** Accounts: registration, email verification, password reset and the user's own profile. */
public final class Accounts {

  private static final Logger LOG = LoggerFactory.getLogger(Accounts.class);

  static final int MIN_PASSWORD = 10;
  static final int MAX_PASSWORD = 1024;
  static final int MAX_EMAIL = 254;
  static final int MAX_DISPLAY_NAME = 100;
  static final int MAX_SETTINGS_BYTES = 16 * 1024;
  private static final Pattern EMAIL = Pattern.compile("^[^@\\s\\p{Cntrl}]{1,64}@[^@\\s\\p{Cntrl}]+\\.[^@\\s\\p{Cntrl}.]+$");
  private static final String UNIQUE_VIOLATION = "23505";

  private final Pool pool;
  private final Passwords passwords;
  private final Mailer mailer;
  private final Sessions sessions;
  private final AuthSettings settings;
  private final ClusterThrottle mailThrottle;

  public Accounts(Pool pool, Passwords passwords, Mailer mailer, Sessions sessions, AuthSettings settings,
                  ClusterThrottle mailThrottle) {
    this.pool = pool;
    this.passwords = passwords;
    this.mailer = mailer;
    this.sessions = sessions;
    this.settings = settings;
    this.mailThrottle = mailThrottle;
  }

  public Future<JsonObject> register(Call call) {
    Fields fields = call.fields();
    String email = email(fields.string("email"));
    String password = password(fields.string("password"));
    String displayName = displayName(fields.optionalString("displayName"), email);
    return passwords.hash(password)
      .compose(hash -> pool.preparedQuery(AuthQueries.INSERT_USER).execute(Tuple.of(email, hash, displayName)))
      .recover(Accounts::emailTaken)
      .map(rows -> rows.iterator().next().getUUID("id"))
      .compose(userId -> sendVerification(email, userId)
        .map(sent -> new JsonObject().put("userId", userId.toString())));
  }

  public Future<Void> verify(Call call) {
    String token = call.fields().string("token");
    return spendMailToken(token, "verify")
      .compose(userId -> pool.preparedQuery(AuthQueries.MARK_VERIFIED).execute(Tuple.of(userId)))
      .mapEmpty();
  }

  /** Always accepted, whether or not the address has an account: nothing to probe. */
  public Future<Void> forgotPassword(Call call) {
    return mailIfAccount(call, user -> sendReset(user.getString("email"), user.getUUID("id")));
  }

  /** A new confirmation link for an address that is not confirmed yet; accepted like {@link #forgotPassword}. */
  public Future<Void> resendVerification(Call call) {
    return mailIfAccount(call, user -> user.getValue("email_verified_at") != null
      ? Future.succeededFuture()
      : sendVerification(user.getString("email"), user.getUUID("id")));
  }

  /**
   * The mails a stranger can trigger: throttled per address and client, and answered before
   * the lookup and the mail, so neither the answer nor its timing says whether the account exists.
   */
  private Future<Void> mailIfAccount(Call call, Function<Row, Future<Void>> mail) {
    String email = call.fields().string("email");
    String ip = String.valueOf(call.header(Headers.CLIENT_IP));
    String key = email.toLowerCase(Locale.ROOT);
    long wait = mailThrottle.retryAfter(key, ip);
    if (wait > 0) {
      return Future.failedFuture(Failure.rateLimited(wait));
    }
    mailThrottle.record(key, ip);
    if (email.length() > MAX_EMAIL) {
      return Future.succeededFuture();
    }
    pool.preparedQuery(AuthQueries.USER_BY_EMAIL).execute(Tuple.of(email))
      .compose(rows -> rows.size() == 0 ? Future.succeededFuture() : mail.apply(rows.iterator().next()))
      .onFailure(e -> LOG.warn("An account mail could not be prepared", e));
    return Future.succeededFuture();
  }

  public Future<JsonObject> resetPassword(Call call) {
    Fields fields = call.fields();
    String token = fields.string("token");
    String password = password(fields.string("password"));
    return spendMailToken(token, "reset")
      .compose(userId -> passwords.hash(password)
        .compose(hash -> pool.preparedQuery(AuthQueries.SET_PASSWORD).execute(Tuple.of(userId, hash)))
        .compose(ignored -> sessions.revokeAll(userId)));
  }

  public Future<JsonObject> me(Call call) {
    return pool.preparedQuery(AuthQueries.PROFILE).execute(Tuple.of(UUID.fromString(call.userId())))
      .map(rows -> profile(single(rows)));
  }

  public Future<JsonObject> updateMe(Call call) {
    Fields fields = call.fields();
    String displayName = fields.optionalString("displayName");
    if (displayName != null) {
      displayName = displayName(displayName, null);
    }
    JsonObject newSettings = fields.optionalObject("settings");
    if (newSettings != null && newSettings.encode().getBytes(StandardCharsets.UTF_8).length > MAX_SETTINGS_BYTES) {
      throw Failure.badRequest("settings must be at most 16 KiB of JSON");
    }
    return pool.preparedQuery(AuthQueries.UPDATE_PROFILE)
      .execute(Tuple.of(UUID.fromString(call.userId()), displayName, newSettings))
      .map(rows -> profile(single(rows)));
  }

  /** {@code GET /users?email=}: only verified accounts can be found. */
  public Future<JsonObject> findByEmail(Call call) {
    String email = call.fields().string("email");
    if (email.length() > MAX_EMAIL) {
      return Future.failedFuture(Failure.notFound("No such user"));
    }
    return pool.preparedQuery(AuthQueries.VERIFIED_USER_BY_EMAIL).execute(Tuple.of(email))
      .map(rows -> {
        if (rows.size() == 0) {
          throw Failure.notFound("No such user");
        }
        Row row = rows.iterator().next();
        return new JsonObject().put("id", row.getUUID("id").toString()).put("displayName", row.getString("display_name"));
      });
  }

  /** Display names for a page of user ids, for other services ({@code auth.users.names}). */
  public Future<JsonObject> displayNames(Call call) {
    JsonArray ids = call.fields().optionalArray("ids");
    if (ids == null || ids.size() > 1000) {
      throw Failure.badRequest("ids must be an array of at most 1000 user ids");
    }
    UUID[] uuids = ids.stream().map(id -> Fields.parseId(String.valueOf(id))).toArray(UUID[]::new);
    return pool.preparedQuery(AuthQueries.DISPLAY_NAMES).execute(Tuple.of(uuids))
      .map(rows -> {
        JsonObject names = new JsonObject();
        rows.forEach(row -> names.put(row.getUUID("id").toString(), row.getString("display_name")));
        return new JsonObject().put("names", names);
      });
  }

  /**
   * Stores the token before answering; the mail itself goes out in the background (the
   * {@link Mailer} logs a failure), so a slow or broken SMTP server never fails a request.
   */
  private Future<Void> sendVerification(String email, UUID userId) {
    return mailToken(userId, "verify", settings.verifyTokenTtl())
      .onSuccess(token -> mailer.send(email, "Confirm your Tidings account",
        "Welcome to Tidings.\n\nConfirm your address by opening this link:\n" + link("verify", token)
          + "\n\nIf you did not sign up, ignore this mail, or ask for a new link at " + settings.publicUrl() + "."))
      .mapEmpty();
  }

  private Future<Void> sendReset(String email, UUID userId) {
    return mailToken(userId, "reset", settings.resetTokenTtl())
      .onSuccess(token -> mailer.send(email, "Reset your Tidings password",
        "Someone asked to reset the password of this Tidings account.\n\nChoose a new one here:\n"
          + link("reset", token) + "\n\nIf it was not you, ignore this mail; your password stays as it is."))
      .mapEmpty();
  }

  private Future<String> mailToken(UUID userId, String purpose, long ttlSeconds) {
    String token = Secrets.newToken();
    OffsetDateTime expires = OffsetDateTime.now(ZoneOffset.UTC).plusSeconds(ttlSeconds);
    return pool.preparedQuery(AuthQueries.INSERT_MAIL_TOKEN)
      .execute(Tuple.of(Secrets.digest(token), userId, purpose, expires))
      .map(token);
  }

  private Future<UUID> spendMailToken(String token, String purpose) {
    return pool.preparedQuery(AuthQueries.USE_MAIL_TOKEN).execute(Tuple.of(Secrets.digest(token), purpose))
      .map(rows -> {
        if (rows.size() == 0) {
          throw Failure.of(400, "invalid_token", "This link is unknown, used or expired");
        }
        return rows.iterator().next().getUUID("user_id");
      });
  }

  private String link(String route, String token) {
    return settings.publicUrl() + "/#/" + route + "?token=" + URLEncoder.encode(token, StandardCharsets.UTF_8);
  }

  private static <T> Future<T> emailTaken(Throwable e) {
    if (e instanceof PgException pg && UNIQUE_VIOLATION.equals(pg.getSqlState())) {
      return Future.failedFuture(Failure.of(409, "email_taken", "An account with this email exists"));
    }
    return Future.failedFuture(e);
  }

  private static Row single(RowSet<Row> rows) {
    if (rows.size() == 0) {
      throw Failure.unauthorized();
    }
    return rows.iterator().next();
  }

  private static JsonObject profile(Row row) {
    return new JsonObject()
      .put("id", row.getUUID("id").toString())
      .put("email", row.getString("email"))
      .put("displayName", row.getString("display_name"))
      .put("settings", row.getJsonObject("settings"))
      .put("createdAt", row.getOffsetDateTime("created_at").toInstant().toString());
  }

  static String email(String email) {
    if (email.length() > MAX_EMAIL || !EMAIL.matcher(email).matches()) {
      throw Failure.of(400, "invalid_email", "This is not an email address we can use");
    }
    return email;
  }

  static String password(String password) {
    int length = password.codePointCount(0, password.length());
    if (length < MIN_PASSWORD) {
      throw Failure.of(400, "weak_password", "Use at least " + MIN_PASSWORD + " characters");
    }
    if (length > MAX_PASSWORD) {
      throw Failure.badRequest("password must be at most " + MAX_PASSWORD + " characters");
    }
    return password;
  }

  private static String displayName(String given, String email) {
    String name = given == null ? email.substring(0, email.indexOf('@')) : given.strip();
    if (name.isEmpty() || name.codePointCount(0, name.length()) > MAX_DISPLAY_NAME
      || name.codePoints().anyMatch(Character::isISOControl)) {
      throw Failure.badRequest("displayName must be 1 to " + MAX_DISPLAY_NAME + " printable characters");
    }
    return name;
  }
}
