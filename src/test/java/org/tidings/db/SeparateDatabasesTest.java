package org.tidings.db;

import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.tidings.testing.TestDatabase;
import org.tidings.testing.TestUser;
import org.tidings.testing.TidingsServer;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** A service pointed at a database of its own keeps its rows there and nowhere else. */
class SeparateDatabasesTest {

  private static final DatabaseUrl AUTH = TestDatabase.get().fresh();

  @RegisterExtension
  static TidingsServer tidings = new TidingsServer(new JsonObject()
    .put("db", new JsonObject().put("auth", new JsonObject().put("url", AUTH.url()))));

  @Test
  void accountsLiveInTheAuthDatabaseOnly() throws SQLException {
    TestUser user = tidings.newUser("Elsewhere");
    assertThat(accounts(AUTH, user)).isEqualTo(1);
    assertThat(accounts(tidings.database(), user)).isZero();
  }

  private static long accounts(DatabaseUrl url, TestUser user) throws SQLException {
    try (Connection c = DriverManager.getConnection(url.jdbcUrl(), url.user(), url.password());
         PreparedStatement count = c.prepareStatement("SELECT count(*) FROM auth.users WHERE id = ?")) {
      count.setObject(1, UUID.fromString(user.id()));
      try (ResultSet rs = count.executeQuery()) {
        rs.next();
        return rs.getLong(1);
      }
    }
  }
}
