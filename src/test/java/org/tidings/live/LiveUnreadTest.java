package org.tidings.live;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.tidings.testing.Api;
import org.tidings.testing.BridgeClient;
import org.tidings.testing.Response;
import org.tidings.testing.TestUser;
import org.tidings.testing.TidingsServer;

import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** Muted rooms deliver their events, but the unread summary and its hints leave them out. */
class LiveUnreadTest {

  @RegisterExtension
  static TidingsServer tidings = new TidingsServer();

  @Test
  void aMutedRoomDeliversButIsLeftOutOfTheUnreadSummaryUntilUnmuted() {
    Api api = tidings.api();
    TestUser ann = tidings.newUser("Ann");
    TestUser bob = tidings.newUser("Bob");
    String quiet = createRoom(ann, bob);
    String loud = createRoom(ann, bob);
    assertThat(api.patch("/rooms/" + quiet + "/membership", bob.token(), new JsonObject().put("muted", true))
      .status()).isEqualTo(204);
    assertThat(summary(bob)).isEqualTo(new JsonObject().put("total", 0).put("rooms", new JsonArray()));

    try (BridgeClient socket = tidings.bridge(bob)) {
      socket.register("user." + bob.id());
      socket.register("room." + quiet);
      socket.register("room." + loud);
      socket.sync();

      send(ann, quiet, "in the muted room");
      assertThat(socket.event("room." + quiet, "message.new").getJsonObject("message").getString("text"))
        .as("a muted room still delivers its messages").isEqualTo("in the muted room");
      long loudSeq = send(ann, loud, "in the loud room");
      assertThat(socket.event("room." + loud, "message.new").getJsonObject("message").getLong("seq")).isEqualTo(loudSeq);
      assertThat(socket.event("user." + bob.id(), "unread").getString("roomId"))
        .as("the first unread hint is the loud room's: the muted room gives none").isEqualTo(loud);

      assertThat(summary(bob)).isEqualTo(new JsonObject().put("total", 1)
        .put("rooms", new JsonArray().add(entry(loud, 1))));
      JsonObject overTheBridge = socket.request("chat.unread", new JsonObject());
      assertThat(overTheBridge.getJsonObject("body")).as("the same summary over the socket").isEqualTo(summary(bob));

      assertThat(api.patch("/rooms/" + quiet + "/membership", bob.token(), new JsonObject().put("muted", false))
        .status()).isEqualTo(204);
      assertThat(socket.event("user." + bob.id(), "unread").getString("roomId"))
        .as("unmuting hints that the summary changed").isEqualTo(quiet);
      assertThat(summary(bob).getLong("total")).isEqualTo(2);
      assertThat(summary(bob).getJsonArray("rooms")).containsExactlyInAnyOrder(entry(quiet, 1), entry(loud, 1));

      assertThat(api.post("/rooms/" + loud + "/read", bob.token(), new JsonObject().put("seq", loudSeq)).status())
        .isEqualTo(204);
      assertThat(socket.event("user." + bob.id(), "unread").getString("roomId")).isEqualTo(loud);
      assertThat(summary(bob)).as("reading lowers it").isEqualTo(new JsonObject().put("total", 1)
        .put("rooms", new JsonArray().add(entry(quiet, 1))));
      assertThat(summary(ann).getLong("total")).as("one's own messages are never unread").isZero();
    }
  }

  private static JsonObject summary(TestUser user) {
    Response response = tidings.api().get("/unread", user.token());
    assertThat(response.status()).as(response.toString()).isEqualTo(200);
    JsonObject summary = response.json();
    // compared as longs whatever JSON number type the parser chose
    JsonArray rooms = new JsonArray();
    summary.getJsonArray("rooms").forEach(room -> rooms.add(entry(((JsonObject) room).getString("roomId"),
      ((JsonObject) room).getLong("unread"))));
    return new JsonObject().put("total", summary.getLong("total")).put("rooms", rooms);
  }

  private static JsonObject entry(String roomId, long unread) {
    return new JsonObject().put("roomId", roomId).put("unread", unread);
  }

  private static long send(TestUser user, String roomId, String text) {
    Response sent = tidings.api().post("/rooms/" + roomId + "/messages", user.token(), new JsonObject().put("text", text));
    assertThat(sent.status()).as(sent.toString()).isEqualTo(201);
    return sent.json().getLong("seq");
  }

  private static String createRoom(TestUser owner, TestUser member) {
    Response created = tidings.api().post("/rooms", owner.token(), new JsonObject()
      .put("name", "room " + UUID.randomUUID()).put("type", "group").put("members", new JsonArray().add(member.id())));
    assertThat(created.status()).as(created.toString()).isEqualTo(201);
    return created.json().getString("id");
  }
}
