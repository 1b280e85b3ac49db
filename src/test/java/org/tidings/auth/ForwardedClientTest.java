package org.tidings.auth;

import io.vertx.core.MultiMap;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.tidings.testing.Api;
import org.tidings.testing.Response;
import org.tidings.testing.TestUser;
import org.tidings.testing.TidingsServer;

import static org.assertj.core.api.Assertions.assertThat;

/** Behind a trusted reverse proxy the client is the address the proxy forwards, not the proxy. */
class ForwardedClientTest {

  @RegisterExtension
  static TidingsServer tidings = new TidingsServer(new JsonObject()
    .put("http", new JsonObject().put("trustedProxies", new JsonArray().add("127.0.0.1"))));

  private final Api api = tidings.api();

  private Response login(TestUser user, String password, String forwardedFor) {
    MultiMap headers = MultiMap.caseInsensitiveMultiMap().add("X-Forwarded-For", forwardedFor);
    return Api.await(api.request(HttpMethod.POST, "/auth/login", null,
      new JsonObject().put("email", user.email()).put("password", password), headers));
  }

  @Test
  void sessionsRecordTheForwardedClient() {
    TestUser user = tidings.newUser("Forwarded");
    String token = login(user, user.password(), "6.6.6.6, 203.0.113.9").json().getString("accessToken");
    JsonArray sessions = api.get("/auth/sessions", token).array();
    assertThat(sessions.stream().map(s -> ((JsonObject) s).getString("ip"))).contains("203.0.113.9");
  }

  @Test
  void clientsBehindTheProxyDoNotShareTheAddressLimit() {
    for (int i = 0; i < 20; i++) {
      TestUser user = tidings.newUser("Crowd" + i);
      assertThat(login(user, "wrong password", "198.51.100.1").status()).isEqualTo(401);
    }
    TestUser other = tidings.newUser("Elsewhere");
    assertThat(login(other, "wrong password", "198.51.100.1").status()).isEqualTo(429);
    assertThat(login(other, other.password(), "198.51.100.2").status()).isEqualTo(200);
  }
}
