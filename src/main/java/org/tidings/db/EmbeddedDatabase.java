package org.tidings.db;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;

/**
 * The PostgreSQL server Tidings starts for itself when no database is configured.
 * Its files live in a directory of the operator's choosing, so a restart keeps everything.
 * Blocking: call from a worker thread or before Vert.x runs.
 */
public final class EmbeddedDatabase implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(EmbeddedDatabase.class);
  private static final String USER = "postgres";

  private final EmbeddedPostgres postgres;

  private EmbeddedDatabase(EmbeddedPostgres postgres) {
    this.postgres = postgres;
  }

  /** A durable server: what Tidings runs on. */
  public static EmbeddedDatabase start(Path dataDir, int port) {
    return start(dataDir, port, true);
  }

  /**
   * The embedding library starts PostgreSQL with {@code -F} and {@code synchronous_commit=off},
   * settings for throw-away test databases that can lose acknowledged commits on a crash. The
   * server always turns durability back on; only the test suite's scratch server leaves it off.
   */
  public static EmbeddedDatabase start(Path dataDir, int port, boolean durable) {
    try {
      Files.createDirectories(dataDir);
      EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder()
        .setDataDirectory(dataDir)
        .setCleanDataDirectory(false)
        .setRegisterShutdownHook(false)
        .setPGStartupWait(Duration.ofSeconds(60))
        .setServerConfig("listen_addresses", "127.0.0.1")
        .setServerConfig("max_connections", "300")
        .setServerConfig("fsync", durable ? "on" : "off")
        .setServerConfig("synchronous_commit", durable ? "on" : "off");
      if (port > 0) {
        builder.setPort(port);
      }
      EmbeddedPostgres postgres = startOrExplain(builder, dataDir);
      LOG.info("Embedded PostgreSQL running on 127.0.0.1:{} with data in {}", postgres.getPort(), dataDir.toAbsolutePath());
      return new EmbeddedDatabase(postgres);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start the embedded PostgreSQL in " + dataDir, e);
    }
  }

  /** A data folder another process holds says so, rather than as the library's "could not lock". */
  private static EmbeddedPostgres startOrExplain(EmbeddedPostgres.Builder builder, Path dataDir) throws IOException {
    try {
      return builder.start();
    } catch (IllegalStateException e) {
      if (String.valueOf(e.getMessage()).startsWith("could not lock")) {
        throw new IllegalStateException("the embedded PostgreSQL's data in " + dataDir.toAbsolutePath()
          + " is in use by another process, likely another Tidings on this machine: stop it, or give this one"
          + " its own db.embedded.dataDir (TIDINGS_DB_EMBEDDED_DATA_DIR)", e);
      }
      throw e;
    }
  }

  public int port() {
    return postgres.getPort();
  }

  /** The url of a database on this server, created on first use. */
  public DatabaseUrl database(String name) {
    createIfMissing(name);
    return DatabaseUrl.of("127.0.0.1", port(), name, USER, null);
  }

  /** A new database copied from {@code template}: how tests get a migrated database in milliseconds. */
  public DatabaseUrl copy(String template, String name) {
    execute("CREATE DATABASE \"" + identifier(name) + "\" TEMPLATE \"" + identifier(template) + "\"");
    return DatabaseUrl.of("127.0.0.1", port(), name, USER, null);
  }

  private void createIfMissing(String name) {
    try (Connection c = postgres.getPostgresDatabase().getConnection();
         PreparedStatement exists = c.prepareStatement("SELECT 1 FROM pg_database WHERE datname = ?")) {
      exists.setString(1, name);
      try (ResultSet rs = exists.executeQuery()) {
        if (!rs.next()) {
          execute("CREATE DATABASE \"" + identifier(name) + "\"");
        }
      }
    } catch (SQLException e) {
      throw new IllegalStateException("cannot create database " + name, e);
    }
  }

  private void execute(String sql) {
    try (Connection c = postgres.getPostgresDatabase().getConnection(); Statement s = c.createStatement()) {
      s.execute(sql);
    } catch (SQLException e) {
      throw new IllegalStateException(e.getMessage(), e);
    }
  }

  /** Database names come from our own code, never from a request; still, refuse anything odd. */
  private static String identifier(String name) {
    if (!name.matches("[a-z_][a-z0-9_]{0,62}")) {
      throw new IllegalArgumentException("bad database name " + name);
    }
    return name;
  }

  @Override
  public void close() {
    try {
      postgres.close();
      LOG.info("Embedded PostgreSQL stopped");
    } catch (IOException e) {
      LOG.warn("Embedded PostgreSQL did not stop cleanly", e);
    }
  }
}
