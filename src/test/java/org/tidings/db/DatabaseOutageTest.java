package org.tidings.db;

import io.vertx.core.json.JsonObject;
import io.vertx.pgclient.PgConnectOptions;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.tidings.testing.Response;
import org.tidings.testing.TcpProxy;
import org.tidings.testing.TestDatabase;
import org.tidings.testing.TestUser;
import org.tidings.testing.TidingsServer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.tidings.testing.Eventually.eventually;

/**
 * While a service's database cannot be reached its calls answer {@code 503 unavailable} (worth
 * a retry), not {@code 500 internal}; once it is back they work again without a restart.
 */
class DatabaseOutageTest {

  private static final PgConnectOptions AUTH = TestDatabase.get().fresh().connectOptions();

  @RegisterExtension
  @Order(0)
  static final TcpProxy LINK = new TcpProxy(AUTH.getHost(), AUTH.getPort());

  @RegisterExtension
  static TidingsServer tidings = new TidingsServer(new JsonObject().put("db", new JsonObject().put("auth",
    new JsonObject().put("url", DatabaseUrl.of("127.0.0.1", LINK.port(), AUTH.getDatabase(), AUTH.getUser(),
      AUTH.getPassword()).url()))));

  @Test
  void callsAnswerUnavailableWhileTheDatabaseIsGoneAndWorkOnceItIsBack() {
    TestUser ada = tidings.newUser("Ada");
    JsonObject credentials = new JsonObject().put("email", ada.email()).put("password", ada.password());

    LINK.cut();
    Response refused = tidings.api().post("/auth/login", credentials);
    assertThat(refused.status()).isEqualTo(503);
    assertThat(refused.error()).isEqualTo("unavailable");
    assertThat(tidings.api().get("/health", null).status()).isEqualTo(503);

    LINK.restore();
    eventually("logins work again", () -> tidings.api().post("/auth/login", credentials).status() == 200);
  }
}
