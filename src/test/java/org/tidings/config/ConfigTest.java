package org.tidings.config;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ConfigTest {

  @Test
  void theShippedDefaultsStartOnEmbeddedEverything() {
    Config config = Config.defaults();
    assertThat(config.section("http").getInteger("port")).isEqualTo(8080);
    assertThat(config.section("db").getString("url")).isEmpty();
    assertThat(config.section("mail").getString("host")).isEmpty();
    assertThat(config.section("cluster").getBoolean("enabled")).isFalse();
  }

  @Test
  void environmentVariablesAreNamedAfterThePath() {
    assertThat(Config.environmentName("http.port")).isEqualTo("TIDINGS_HTTP_PORT");
    assertThat(Config.environmentName("auth.accessTokenTtl")).isEqualTo("TIDINGS_AUTH_ACCESS_TOKEN_TTL");
    assertThat(Config.environmentName("db.embedded.dataDir")).isEqualTo("TIDINGS_DB_EMBEDDED_DATA_DIR");
  }

  @Test
  void environmentOverridesKeepTheTypeOfTheDefault() {
    Config config = Config.load(null, Map.of(
      "TIDINGS_HTTP_PORT", "9090",
      "TIDINGS_AUTH_REQUIRE_VERIFIED_EMAIL", "false",
      "TIDINGS_CLUSTER_MEMBERS", "10.0.0.1, 10.0.0.2",
      "TIDINGS_DB_AUTH_URL", "postgresql://u@h/auth"), new JsonObject());
    assertThat(config.section("http").getValue("port")).isEqualTo(9090L);
    assertThat(config.section("auth").getBoolean("requireVerifiedEmail")).isFalse();
    assertThat(config.section("cluster").getJsonArray("members")).isEqualTo(new JsonArray().add("10.0.0.1").add("10.0.0.2"));
    assertThat(config.section("db.auth").getString("url")).isEqualTo("postgresql://u@h/auth");
  }

  @Test
  void aNonNumericNumberNamesItsVariable() {
    assertThatThrownBy(() -> Config.load(null, Map.of("TIDINGS_HTTP_PORT", "eighty"), new JsonObject()))
      .hasMessageContaining("TIDINGS_HTTP_PORT");
  }

  @Test
  void aFileIsLaidOverTheDefaultsAndTheEnvironmentOverTheFile(@TempDir Path dir) throws IOException {
    Path file = dir.resolve("mine.yaml");
    Files.writeString(file, "http:\n  port: 7000\n  publicUrl: https://chat.example.org\nmail:\n  host: smtp.example.org\n");
    Config config = Config.load(file, Map.of("TIDINGS_HTTP_PORT", "7001"), new JsonObject());
    assertThat(config.section("http").getValue("port")).isEqualTo(7001L);
    assertThat(config.section("http").getString("publicUrl")).isEqualTo("https://chat.example.org");
    assertThat(config.section("http").getString("host")).isEqualTo("0.0.0.0");
    assertThat(config.section("mail").getString("host")).isEqualTo("smtp.example.org");
    assertThat(config.section("mail").getInteger("port")).isEqualTo(587);
  }
}
