package org.tidings.testing;

import org.tidings.db.DatabaseUrl;
import org.tidings.db.EmbeddedDatabase;
import org.tidings.db.Migrations;
import org.tidings.db.Databases;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The PostgreSQL server of a test run, and a fresh database per test class, copied from a
 * template migrated once. By default an embedded server under {@code target/}; with
 * {@code TIDINGS_TEST_DB_URL} (an administrator url) an external one; with
 * {@code -Dtidings.test.db=testcontainers}, a container (machines with Docker only).
 */
public final class TestDatabase {

  private static final String TEMPLATE = "tidings_template";
  private static final AtomicInteger COUNTER = new AtomicInteger();
  private static TestDatabase instance;

  private final DatabaseUrl admin;

  private TestDatabase(DatabaseUrl admin) {
    this.admin = admin;
  }

  public static synchronized TestDatabase get() {
    if (instance == null) {
      DatabaseUrl admin = adminUrl();
      instance = new TestDatabase(admin);
      instance.createTemplate();
    }
    return instance;
  }

  /** A new, migrated database that only the caller uses. */
  public DatabaseUrl fresh() {
    String name = "t_" + ProcessHandle.current().pid() + "_" + COUNTER.incrementAndGet();
    execute("DROP DATABASE IF EXISTS " + name);
    execute("CREATE DATABASE " + name + " TEMPLATE " + TEMPLATE);
    return admin.withDatabase(name);
  }

  private void createTemplate() {
    execute("DROP DATABASE IF EXISTS " + TEMPLATE);
    execute("CREATE DATABASE " + TEMPLATE);
    DatabaseUrl template = admin.withDatabase(TEMPLATE);
    Databases.SCHEMAS.forEach(schema -> Migrations.apply(template, schema));
  }

  private void execute(String sql) {
    try (Connection c = DriverManager.getConnection(admin.jdbcUrl(), admin.user(), admin.password());
         Statement s = c.createStatement()) {
      s.execute(sql);
    } catch (SQLException e) {
      throw new IllegalStateException(sql + ": " + e.getMessage(), e);
    }
  }

  private static DatabaseUrl adminUrl() {
    String external = System.getenv("TIDINGS_TEST_DB_URL");
    if (external != null && !external.isBlank()) {
      return new DatabaseUrl(external);
    }
    if ("testcontainers".equals(System.getProperty("tidings.test.db"))) {
      return Containers.postgres();
    }
    EmbeddedDatabase server = EmbeddedDatabase.start(Path.of("target", "test-pg", Long.toString(ProcessHandle.current().pid())), 0, false);
    Runtime.getRuntime().addShutdownHook(new Thread(server::close));
    return server.database("postgres");
  }
}
