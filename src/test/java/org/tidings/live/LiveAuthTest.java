package org.tidings.live;

import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.tidings.testing.BridgeClient;
import org.tidings.testing.TestUser;
import org.tidings.testing.TidingsServer;

import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** What a socket may do before and after it authenticates, and what it may never do. */
class LiveAuthTest {

  @RegisterExtension
  static TidingsServer tidings = new TidingsServer(new JsonObject()
    .put("http", new JsonObject().put("live", new JsonObject().put("authTimeoutMillis", 2_000))));

  static TestUser ann;
  static TestUser bob;

  @BeforeAll
  static void users() {
    ann = tidings.newUser("Ann");
    bob = tidings.newUser("Bob");
  }

  @Test
  void anUnauthenticatedSocketIsRefusedEverythingAndClosedAfterTheTimeout() {
    String room = UUID.randomUUID().toString();
    try (BridgeClient stranger = BridgeClient.connect(tidings.clientVertx(), tidings.api().port())) {
      stranger.ping();
      stranger.register("user." + ann.id());
      stranger.register("room." + room);
      stranger.send("chat.send", new JsonObject().put("roomId", room).put("text", "hi"),
        new JsonObject().put("user-id", ann.id()));
      stranger.send("chat.typing", new JsonObject().put("roomId", room), null);
      stranger.publish("room." + room, new JsonObject().put("type", "message.new"));
      stranger.unregister("user." + ann.id());
      for (int refused = 0; refused < 6; refused++) {
        stranger.next(LiveAuthTest::rejected);
      }

      JsonObject badToken = stranger.request("auth.socket", new JsonObject().put("token", "not-a-token"));
      assertThat(badToken.getString("type")).isEqualTo("err");
      assertThat(badToken.getInteger("failureCode")).isEqualTo(401);

      assertThat(stranger.awaitClosed()).as("closed for not authenticating in time").isTrue();
      assertThat(stranger.drain()).as("nothing but refusals ever reached it").allMatch(LiveAuthTest::rejected);
    }
  }

  @Test
  void aSocketAuthenticatesWithItsFirstFrameAndMayListenOnlyToItself() {
    try (BridgeClient socket = BridgeClient.connect(tidings.clientVertx(), tidings.api().port())) {
      JsonObject reply = socket.request("auth.socket", new JsonObject().put("token", ann.token()));
      assertThat(reply.getString("type")).isEqualTo("rec");
      assertThat(reply.getJsonObject("body")).isEqualTo(new JsonObject()
        .put("userId", ann.id()).put("sessionId", ann.sessionId()));

      socket.register("user." + ann.id());
      socket.sync();
      socket.register("user." + bob.id());
      socket.next(LiveAuthTest::rejected);
      socket.register("room." + UUID.randomUUID());
      socket.next(LiveAuthTest::rejected);
      socket.register("chat.send");
      socket.next(frame -> "err".equals(frame.getString("type")));
      socket.send("auth.register", new JsonObject(), null);
      socket.next(frame -> "err".equals(frame.getString("type")));
      socket.publish("user." + ann.id(), new JsonObject().put("type", "member.joined"));
      socket.next(frame -> "err".equals(frame.getString("type")));

      assertThat(socket.isClosed()).as("an authenticated socket stays open").isFalse();
      List<JsonObject> rest = socket.drain();
      assertThat(rest).noneMatch(frame -> "rec".equals(frame.getString("type")));
    }
  }

  @Test
  void aSocketOfARevokedSessionIsClosed() {
    TestUser carol = tidings.newUser("Carol");
    try (BridgeClient socket = tidings.bridge(carol)) {
      socket.register("user." + carol.id());
      socket.sync();
      assertThat(tidings.api().post("/auth/logout", carol.token(), null).status()).isEqualTo(204);
      assertThat(socket.awaitClosed()).isTrue();
    }
    try (BridgeClient again = BridgeClient.connect(tidings.clientVertx(), tidings.api().port())) {
      JsonObject refused = again.request("auth.socket", new JsonObject().put("token", carol.token()));
      assertThat(refused.getInteger("failureCode")).as("a revoked token cannot sign a socket in").isEqualTo(401);
    }
  }

  private static boolean rejected(JsonObject frame) {
    return "err".equals(frame.getString("type")) && "rejected".equals(frame.getString("body"));
  }
}
