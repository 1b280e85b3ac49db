package org.tidings.config;

import io.vertx.core.json.JsonObject;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.tidings.auth.AuthSettings;
import org.tidings.content.ContentSettings;
import org.tidings.gateway.LiveSettings;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A setting out of its range stops the start with the setting's name, read as the server reads it. */
class SettingsOutOfRangeTest {

  @ParameterizedTest
  @CsvSource({
    "TIDINGS_AUTH_ACCESS_TOKEN_TTL, 0, auth.accessTokenTtl must be more than 0",
    "TIDINGS_AUTH_REFRESH_TOKEN_TTL, -1, auth.refreshTokenTtl must be more than 0",
    "TIDINGS_AUTH_ARGON2_ITERATIONS, 0, auth.argon2.iterations must be more than 0",
    "TIDINGS_AUTH_ARGON2_MEMORY_KIB, 4, auth.argon2.memoryKib must be at least 8 times",
    "TIDINGS_AUTH_LOGIN_LIMIT_PER_IP, 0, auth.loginLimit.perIp must be more than 0",
    "TIDINGS_HTTP_LIVE_PING_TIMEOUT_MILLIS, 0, http.live.pingTimeoutMillis must be more than 0",
    "TIDINGS_HTTP_LIVE_FLUSH_WINDOW_MILLIS, -5, http.live.flushWindowMillis must be 0 or more",
    "TIDINGS_CONTENT_CACHE_MAX_BYTES, 0, content.cacheMaxBytes must be more than 0",
    "TIDINGS_CONTENT_REPLICATION, 0, content.replication must be more than 0",
    "TIDINGS_CONTENT_NODE_READ_TIMEOUT_MILLIS, -1, content.nodeReadTimeoutMillis must be more than 0"})
  void aSettingOutOfRangeIsRefusedByName(String variable, String value, String error) {
    Config config = Config.load(null, Map.of(variable, value), new JsonObject());

    assertThatThrownBy(() -> settings(config)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining(error);
  }

  @ParameterizedTest
  @CsvSource({"TIDINGS_HTTP_PORT, 8080", "TIDINGS_HTTP_LIVE_FLUSH_WINDOW_MILLIS, 0"})
  void theShippedDefaultsAndZeroWhereItMeansOffAreAccepted(String variable, String value) {
    Config config = Config.load(null, Map.of(variable, value), new JsonObject());

    assertThatCode(() -> settings(config)).doesNotThrowAnyException();
  }

  private static void settings(Config config) {
    AuthSettings.from(config.section("auth"), "http://localhost:8080");
    LiveSettings.from(config.section("http").getJsonObject("live"));
    ContentSettings.from(config.section("content"));
  }
}
