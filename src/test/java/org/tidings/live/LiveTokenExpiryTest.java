package org.tidings.live;

import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.tidings.testing.BridgeClient;
import org.tidings.testing.Response;
import org.tidings.testing.TestUser;
import org.tidings.testing.TidingsServer;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A socket lasts as long as the token it last authenticated with. Access tokens live 4 s here,
 * so waiting for a close is waiting for an expiry; which socket closes first is the evidence.
 */
class LiveTokenExpiryTest {

  @RegisterExtension
  static TidingsServer tidings = new TidingsServer(new JsonObject()
    .put("auth", new JsonObject().put("accessTokenTtl", 4)));

  static TestUser ann;
  static TestUser bob;

  @BeforeAll
  static void users() {
    ann = tidings.newUser("Ann");
    bob = tidings.newUser("Bob");
  }

  @Test
  void aSocketClosesWhenItsTokenExpires() {
    TestUser dan = tidings.newUser("Dan");
    try (BridgeClient socket = tidings.bridge(dan)) {
      socket.register("user." + dan.id());
      socket.sync();
      assertThat(socket.awaitClosed()).as("closed once its token expired").isTrue();
    }
  }

  @Test
  void aFreshTokenOfTheSameUserKeepsTheSocketOpenUntilThatTokenExpires() throws InterruptedException {
    String token = signIn(bob);
    String roomId = room(token);
    try (BridgeClient stays = authenticated(token); BridgeClient goes = authenticated(token)) {
      stays.register("room." + roomId);
      stays.sync();
      // a token issued 2 s later, by a second sign-in, expires about 2 s after the first
      Thread.sleep(2_000);
      String fresh = signIn(bob);
      JsonObject reply = stays.request("auth.socket", new JsonObject().put("token", fresh));
      assertThat(reply.getString("type")).isEqualTo("rec");
      assertThat(reply.getJsonObject("body").getString("userId")).isEqualTo(bob.id());

      assertThat(goes.awaitClosed()).as("the socket left on the first token closes").isTrue();
      assertThat(stays.isClosed()).as("the socket that re-authenticated outlives the first token").isFalse();
      long seq = tidings.api().post("/rooms/" + roomId + "/messages", fresh, new JsonObject().put("text", "still here"))
        .json().getLong("seq");
      assertThat(stays.event("room." + roomId, "message.new").getJsonObject("message").getLong("seq")).isEqualTo(seq);

      assertThat(stays.awaitClosed()).as("and closes when the fresh token expires in turn").isTrue();
    }
  }

  @Test
  void aTokenOfAnotherUserIsRefusedAndTheSocketStaysItsOwnUsers() {
    String annToken = signIn(ann);
    try (BridgeClient socket = authenticated(annToken)) {
      JsonObject refused = socket.request("auth.socket", new JsonObject().put("token", signIn(bob)));
      assertThat(refused.getString("type")).isEqualTo("err");
      assertThat(refused.getInteger("failureCode")).isEqualTo(403);

      socket.register("user." + bob.id());
      socket.next(frame -> "err".equals(frame.getString("type")) && "rejected".equals(frame.getString("body")));
      socket.register("user." + ann.id());
      socket.sync();

      JsonObject bad = socket.request("auth.socket", new JsonObject().put("token", "not-a-token"));
      assertThat(bad.getInteger("failureCode")).isEqualTo(401);
      assertThat(socket.awaitClosed()).as("still ends with Ann's token").isTrue();
    }
  }

  private static BridgeClient authenticated(String token) {
    BridgeClient client = BridgeClient.connect(tidings.clientVertx(), tidings.api().port());
    JsonObject reply = client.request("auth.socket", new JsonObject().put("token", token));
    assertThat(reply.getString("type")).isEqualTo("rec");
    return client;
  }

  private static String signIn(TestUser user) {
    Response login = tidings.api().post("/auth/login",
      new JsonObject().put("email", user.email()).put("password", user.password()));
    assertThat(login.status()).isEqualTo(200);
    return login.json().getString("accessToken");
  }

  private static String room(String token) {
    return tidings.api().post("/rooms", token, new JsonObject().put("name", "expiry").put("type", "group"))
      .json().getString("id");
  }
}
