package org.tidings.auth;

import io.vertx.core.json.JsonObject;

import static org.tidings.config.Config.requirePositive;

/** The {@code auth} section of the settings, plus the public url mailed links point at. */
public record AuthSettings(
  long accessTokenTtl,
  long refreshTokenTtl,
  String jwtSecret,
  boolean requireVerifiedEmail,
  long verifyTokenTtl,
  long resetTokenTtl,
  Passwords.Cost argon2,
  Throttle.Limits loginLimit,
  Throttle.Limits forgotLimit,
  String publicUrl) {

  public AuthSettings {
    requirePositive("auth.accessTokenTtl", accessTokenTtl);
    requirePositive("auth.refreshTokenTtl", refreshTokenTtl);
    requirePositive("auth.verifyTokenTtl", verifyTokenTtl);
    requirePositive("auth.resetTokenTtl", resetTokenTtl);
    requirePositive("auth.argon2.iterations", argon2.iterations());
    requirePositive("auth.argon2.parallelism", argon2.parallelism());
    if (argon2.memoryKib() < 8L * argon2.parallelism()) {
      // RFC 9106: at least 8 KiB per lane
      throw new IllegalArgumentException("auth.argon2.memoryKib must be at least 8 times auth.argon2.parallelism, not "
        + argon2.memoryKib());
    }
    requireLimits("auth.loginLimit", loginLimit);
    requireLimits("auth.forgotLimit", forgotLimit);
  }

  private static void requireLimits(String name, Throttle.Limits limits) {
    requirePositive(name + ".perEmail", limits.perEmail());
    requirePositive(name + ".perIp", limits.perIp());
    requirePositive(name + ".windowSeconds", limits.windowSeconds());
  }

  public static AuthSettings from(JsonObject auth, String publicUrl) {
    JsonObject argon = auth.getJsonObject("argon2", new JsonObject());
    return new AuthSettings(
      auth.getLong("accessTokenTtl", 900L),
      auth.getLong("refreshTokenTtl", 2_592_000L),
      auth.getString("jwtSecret", ""),
      auth.getBoolean("requireVerifiedEmail", true),
      auth.getLong("verifyTokenTtl", 86_400L),
      auth.getLong("resetTokenTtl", 3_600L),
      new Passwords.Cost(argon.getInteger("memoryKib", 19_456), argon.getInteger("iterations", 2),
        argon.getInteger("parallelism", 1)),
      limits(auth.getJsonObject("loginLimit"), 5, 20, 60),
      limits(auth.getJsonObject("forgotLimit"), 3, 20, 900),
      publicUrl);
  }

  private static Throttle.Limits limits(JsonObject json, int perEmail, int perIp, int window) {
    JsonObject limits = json == null ? new JsonObject() : json;
    return new Throttle.Limits(limits.getInteger("perEmail", perEmail), limits.getInteger("perIp", perIp),
      limits.getInteger("windowSeconds", window));
  }
}
