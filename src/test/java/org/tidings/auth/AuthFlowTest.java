package org.tidings.auth;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.tidings.testing.Api;
import org.tidings.testing.Response;
import org.tidings.testing.TidingsServer;

import static org.assertj.core.api.Assertions.assertThat;

/** The whole life of an account, through the HTTP API and real mail. */
class AuthFlowTest {

  @RegisterExtension
  static TidingsServer tidings = new TidingsServer();

  @Test
  void anAccountLivesFromRegistrationToPasswordReset() {
    Api api = tidings.api();
    String email = "Flow.User@Example.org";
    String password = "first password!";

    Response registered = api.post("/auth/register", new JsonObject().put("email", email).put("password", password));
    assertThat(registered.status()).isEqualTo(201);
    String userId = registered.json().getString("userId");

    Response early = api.post("/auth/login", new JsonObject().put("email", email).put("password", password));
    assertThat(early.status()).isEqualTo(403);
    assertThat(early.error()).isEqualTo("email_not_verified");

    String verifyToken = tidings.mailbox().token(email, "verify");
    assertThat(api.post("/auth/verify", new JsonObject().put("token", verifyToken)).status()).isEqualTo(204);
    assertThat(api.post("/auth/verify", new JsonObject().put("token", verifyToken)).error()).isEqualTo("invalid_token");

    JsonObject phone = login(api, "flow.user@example.org", password);
    assertThat(phone.getString("userId")).isEqualTo(userId);
    assertThat(phone.getLong("expiresIn")).isEqualTo(900L);

    JsonObject rotated = api.post("/auth/refresh", new JsonObject().put("refreshToken", phone.getString("refreshToken"))).json();
    assertThat(rotated.getString("sessionId")).isEqualTo(phone.getString("sessionId"));
    assertThat(api.get("/me", rotated.getString("accessToken")).status()).isEqualTo(200);

    Response replay = api.post("/auth/refresh", new JsonObject().put("refreshToken", phone.getString("refreshToken")));
    assertThat(replay.status()).isEqualTo(401);
    assertThat(replay.error()).isEqualTo("invalid_token");
    assertThat(api.get("/me", rotated.getString("accessToken")).status())
      .as("a replayed refresh token burns its session").isEqualTo(401);
    assertThat(api.post("/auth/refresh", new JsonObject().put("refreshToken", rotated.getString("refreshToken"))).status())
      .isEqualTo(401);

    JsonObject laptop = login(api, email, password);
    JsonObject tablet = login(api, email, password);
    JsonArray sessions = api.get("/auth/sessions", laptop.getString("accessToken")).array();
    assertThat(sessions).hasSize(2);
    assertThat(sessions.stream().map(s -> (JsonObject) s).filter(s -> s.getBoolean("current")))
      .singleElement().extracting(s -> s.getString("id")).isEqualTo(laptop.getString("sessionId"));

    assertThat(api.delete("/auth/sessions/" + tablet.getString("sessionId"), laptop.getString("accessToken")).status())
      .isEqualTo(204);
    assertThat(api.get("/me", tablet.getString("accessToken")).status()).isEqualTo(401);
    assertThat(api.get("/me", laptop.getString("accessToken")).status()).isEqualTo(200);

    assertThat(api.post("/auth/password/forgot", new JsonObject().put("email", email)).status()).isEqualTo(202);
    String resetToken = tidings.mailbox().token(email, "reset");
    assertThat(api.post("/auth/password/reset", new JsonObject().put("token", resetToken).put("password", "short")).error())
      .isEqualTo("weak_password");
    assertThat(api.post("/auth/password/reset", new JsonObject().put("token", resetToken).put("password", "second password!"))
      .status()).isEqualTo(204);

    assertThat(api.get("/me", laptop.getString("accessToken")).status()).as("reset ends every session").isEqualTo(401);
    assertThat(api.post("/auth/login", new JsonObject().put("email", email).put("password", password)).error())
      .isEqualTo("invalid_credentials");
    assertThat(login(api, email, "second password!").getString("userId")).isEqualTo(userId);
  }

  private static JsonObject login(Api api, String email, String password) {
    Response response = api.post("/auth/login", new JsonObject().put("email", email).put("password", password));
    assertThat(response.status()).as(response.toString()).isEqualTo(200);
    return response.json();
  }
}
