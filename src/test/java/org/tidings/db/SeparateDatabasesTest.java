package org.tidings.db;

import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.tidings.testing.TestDatabase;
import org.tidings.testing.TidingsServer;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;

import static org.assertj.core.api.Assertions.assertThat;

/** A service pointed at a database of its own keeps its rows there and nowhere else. */
class SeparateDatabasesTest {

  private static final DatabaseUrl AUTH = TestDatabase.get().fresh();

  @RegisterExtension
  static TidingsServer tidings = new TidingsServer(new JsonObject()
    .put("db", new JsonObject().put("auth", new JsonObject().put("url", AUTH.url()))));

  @Test
  void accountsLiveInTheAuthDatabaseOnly() throws SQLException {
    tidings.newUser("Elsewhere");
    assertThat(users(AUTH)).isEqualTo(1);
    assertThat(users(tidings.database())).isZero();
  }

  private static long users(DatabaseUrl url) throws SQLException {
    try (Connection c = DriverManager.getConnection(url.jdbcUrl(), url.user(), url.password());
         ResultSet rs = c.createStatement().executeQuery("SELECT count(*) FROM auth.users")) {
      rs.next();
      return rs.getLong(1);
    }
  }
}
