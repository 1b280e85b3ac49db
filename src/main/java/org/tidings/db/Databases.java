package org.tidings.db;

import io.vertx.core.json.JsonObject;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * Where each service's schema lives. With no {@code db.url} the embedded server is started
 * and every service shares its {@code tidings} database; {@code db.<service>.url} moves one
 * service elsewhere. Opening is blocking (it may start PostgreSQL and run Flyway).
 */
public final class Databases implements AutoCloseable {

  public static final List<String> SCHEMAS = List.of("auth", "chat", "content");
  private static final String EMBEDDED_DATABASE = "tidings";

  private final Optional<EmbeddedDatabase> embedded;
  private final DatabaseUrl shared;
  private final JsonObject settings;

  private Databases(Optional<EmbeddedDatabase> embedded, DatabaseUrl shared, JsonObject settings) {
    this.embedded = embedded;
    this.shared = shared;
    this.settings = settings;
  }

  public static Databases open(JsonObject settings) {
    String url = settings.getString("url", "");
    if (!url.isBlank()) {
      return new Databases(Optional.empty(), new DatabaseUrl(url), settings);
    }
    JsonObject embeddedSettings = settings.getJsonObject("embedded", new JsonObject());
    EmbeddedDatabase server = EmbeddedDatabase.start(
      Path.of(embeddedSettings.getString("dataDir", "data/pg")),
      embeddedSettings.getInteger("port", 0));
    return new Databases(Optional.of(server), server.database(EMBEDDED_DATABASE), settings);
  }

  public DatabaseUrl url(String schema) {
    String own = settings.getJsonObject(schema, new JsonObject()).getString("url", "");
    return own.isBlank() ? shared : new DatabaseUrl(own);
  }

  public int poolSize() {
    return settings.getInteger("poolSize", 8);
  }

  public void migrate() {
    for (String schema : SCHEMAS) {
      Migrations.apply(url(schema), schema);
    }
  }

  @Override
  public void close() {
    embedded.ifPresent(EmbeddedDatabase::close);
  }
}
