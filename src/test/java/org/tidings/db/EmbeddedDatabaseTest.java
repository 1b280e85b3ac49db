package org.tidings.db;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

import static org.assertj.core.api.Assertions.assertThat;

class EmbeddedDatabaseTest {

  @Test
  void theServersOwnDatabaseCommitsDurablyAndKeepsItsDataAcrossRestarts(@TempDir Path dir) throws SQLException {
    Path data = dir.resolve("pg");
    try (EmbeddedDatabase db = EmbeddedDatabase.start(data, 0)) {
      DatabaseUrl url = db.database("tidings");
      assertThat(setting(url, "fsync")).isEqualTo("on");
      assertThat(setting(url, "synchronous_commit")).isEqualTo("on");
      execute(url, "CREATE TABLE kept (n int); INSERT INTO kept VALUES (42)");
    }
    try (EmbeddedDatabase db = EmbeddedDatabase.start(data, 0)) {
      assertThat(setting(db.database("tidings"), "(SELECT n FROM kept)")).isEqualTo("42");
    }
  }

  private static String setting(DatabaseUrl url, String expression) throws SQLException {
    String sql = expression.startsWith("(") ? "SELECT " + expression : "SHOW " + expression;
    try (Connection c = DriverManager.getConnection(url.jdbcUrl(), url.user(), url.password());
         ResultSet rs = c.createStatement().executeQuery(sql)) {
      rs.next();
      return rs.getString(1);
    }
  }

  private static void execute(DatabaseUrl url, String sql) throws SQLException {
    try (Connection c = DriverManager.getConnection(url.jdbcUrl(), url.user(), url.password()); Statement s = c.createStatement()) {
      s.execute(sql);
    }
  }
}
