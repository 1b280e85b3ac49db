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

import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** Room life seen through bridge sockets with the Java client: every event, to members only. */
class LiveDeliveryTest {

  @RegisterExtension
  static TidingsServer tidings = new TidingsServer();

  @Test
  void membersSeeEveryChangeOfTheirRoomAndNothingOnceTheyAreRemoved() {
    Api api = tidings.api();
    TestUser ann = tidings.newUser("Ann");
    TestUser bob = tidings.newUser("Bob");
    TestUser cat = tidings.newUser("Cat");
    String roomId = createRoom(ann, bob);
    String room = "room." + roomId;

    try (BridgeClient annSocket = listening(ann, room);
         BridgeClient bobSocket = listening(bob, room);
         BridgeClient catSocket = listening(cat)) {
      catSocket.register(room);
      catSocket.next(LiveDeliveryTest::rejected);

      JsonObject sent = annSocket.request("chat.send", new JsonObject().put("roomId", roomId).put("text", "hello")
        .put("clientId", "c-1"));
      assertThat(sent.getString("type")).as(sent.toString()).isEqualTo("rec");
      long seq = sent.getJsonObject("body").getLong("seq");
      JsonObject delivered = bobSocket.event(room, "message.new").getJsonObject("message");
      assertThat(delivered.getLong("seq")).isEqualTo(seq);
      assertThat(delivered.getString("text")).isEqualTo("hello");
      assertThat(delivered.getString("senderId")).isEqualTo(ann.id());

      assertThat(api.patch("/rooms/" + roomId + "/messages/" + seq, ann.token(), new JsonObject().put("text", "hello!"))
        .status()).isEqualTo(200);
      assertThat(bobSocket.event(room, "message.edited").getJsonObject("message").getString("text")).isEqualTo("hello!");
      assertThat(api.delete("/rooms/" + roomId + "/messages/" + seq, ann.token()).status()).isEqualTo(204);
      assertThat(bobSocket.event(room, "message.deleted").getJsonObject("message").getLong("seq")).isEqualTo(seq);
      assertThat(api.post("/rooms/" + roomId + "/read", bob.token(), new JsonObject().put("seq", seq)).status())
        .isEqualTo(204);
      JsonObject read = annSocket.event(room, "read");
      assertThat(read.getString("userId")).isEqualTo(bob.id());
      assertThat(read.getLong("seq")).isEqualTo(seq);

      JsonObject typed = bobSocket.request("chat.typing", new JsonObject().put("roomId", roomId));
      assertThat(typed.getString("type")).as(typed.toString()).isEqualTo("rec");
      assertThat(annSocket.event(room, "typing").getString("userId")).isEqualTo(bob.id());

      assertThat(api.post("/rooms/" + roomId + "/members", ann.token(), new JsonObject().put("userId", cat.id())).status())
        .isEqualTo(201);
      assertThat(bobSocket.event(room, "member.joined").getString("userId")).isEqualTo(cat.id());
      assertThat(catSocket.event("user." + cat.id(), "member.joined").getString("roomId")).isEqualTo(roomId);
      catSocket.register(room);
      catSocket.sync();

      assertThat(api.delete("/rooms/" + roomId + "/members/" + bob.id(), ann.token()).status()).isEqualTo(204);
      assertThat(bobSocket.event(room, "member.left").getString("userId")).isEqualTo(bob.id());
      assertThat(catSocket.event(room, "member.left").getString("userId")).isEqualTo(bob.id());
      assertThat(bobSocket.event("user." + bob.id(), "member.left").getString("roomId")).isEqualTo(roomId);

      long after = send(ann, roomId, "bob is gone");
      assertThat(catSocket.event(room, "message.new").getJsonObject("message").getLong("seq")).isEqualTo(after);
      bobSocket.register(room);
      bobSocket.next(LiveDeliveryTest::rejected);
      assertThat(bobSocket.drain()).as("nothing of the room after bob left")
        .noneMatch(frame -> room.equals(frame.getString("address")));

      int overHttp = api.post("/rooms/" + roomId + "/messages", bob.token(), new JsonObject().put("text", "let me in"))
        .status();
      assertThat(overHttp).isEqualTo(404);
      assertThat(bobSocket.request("chat.send", new JsonObject().put("roomId", roomId).put("text", "let me in"))
        .getInteger("failureCode")).as("the same answer as over HTTP").isEqualTo(overHttp);
    }
  }

  @Test
  void aBodyThatIsNotAnObjectIsABadRequest() {
    TestUser ann = tidings.newUser("Ann");
    String roomId = createRoom(ann);
    try (BridgeClient annSocket = listening(ann)) {
      for (String address : List.of("chat.send", "chat.typing", "chat.unread")) {
        for (Object body : List.of("text", 42, new JsonArray().add(roomId))) {
          assertThat(annSocket.request(address, body).getInteger("failureCode")).as(address + " " + body).isEqualTo(400);
        }
      }
      assertThat(annSocket.request("chat.send", new JsonObject().put("roomId", roomId).put("text", "still here"))
        .getString("type")).isEqualTo("rec");
    }
  }

  @Test
  void theSenderIsTheSocketsUserWhateverHeadersTheClientSends() {
    TestUser ann = tidings.newUser("Ann");
    TestUser bob = tidings.newUser("Bob");
    String roomId = createRoom(ann, bob);
    try (BridgeClient annSocket = listening(ann, "room." + roomId)) {
      annSocket.send("chat.send", new JsonObject().put("roomId", roomId).put("text", "as bob?"),
        new JsonObject().put("user-id", bob.id()).put("session-id", bob.sessionId()));
      JsonObject message = annSocket.event("room." + roomId, "message.new").getJsonObject("message");
      assertThat(message.getString("senderId")).isEqualTo(ann.id());
    }
  }

  @Test
  void typingReachesOthersAtMostOnceInTwoSecondsAndNeverItsAuthor() {
    TestUser ann = tidings.newUser("Ann");
    TestUser bob = tidings.newUser("Bob");
    String roomId = createRoom(ann, bob);
    String room = "room." + roomId;
    try (BridgeClient annSocket = listening(ann, room); BridgeClient bobSocket = listening(bob, room)) {
      long started = System.nanoTime();
      for (int i = 0; i < 5; i++) {
        assertThat(bobSocket.request("chat.typing", new JsonObject().put("roomId", roomId)).getString("type"))
          .isEqualTo("rec");
      }
      long allowed = (System.nanoTime() - started) / 2_000_000_000L + 1;
      send(bob, roomId, "after typing");
      List<JsonObject> seen = annSocket.until(frame -> isEvent(frame, "message.new"));
      long typing = seen.stream().filter(frame -> isEvent(frame, "typing")).count();
      assertThat(typing).as("one per two seconds").isBetween(1L, allowed);
      bobSocket.event(room, "message.new");

      try (BridgeClient eve = listening(tidings.newUser("Eve"))) {
        assertThat(eve.request("chat.typing", new JsonObject().put("roomId", roomId)).getInteger("failureCode"))
          .as("a room one is not in does not exist, as over HTTP").isEqualTo(404);
      }
      assertThat(bobSocket.drain()).as("bob never sees his own typing")
        .noneMatch(frame -> isEvent(frame, "typing"));
    }
  }

  private static BridgeClient listening(TestUser user, String... rooms) {
    BridgeClient socket = tidings.bridge(user);
    socket.register("user." + user.id());
    for (String room : rooms) {
      socket.register(room);
    }
    socket.sync();
    return socket;
  }

  static String createRoom(TestUser owner, TestUser... members) {
    JsonArray ids = new JsonArray(java.util.Arrays.stream(members).map(TestUser::id).toList());
    Response created = tidings.api().post("/rooms", owner.token(), new JsonObject()
      .put("name", "room " + UUID.randomUUID()).put("type", "group").put("members", ids));
    assertThat(created.status()).as(created.toString()).isEqualTo(201);
    return created.json().getString("id");
  }

  private static long send(TestUser sender, String roomId, String text) {
    Response sent = tidings.api().post("/rooms/" + roomId + "/messages", sender.token(), new JsonObject().put("text", text));
    assertThat(sent.status()).as(sent.toString()).isEqualTo(201);
    return sent.json().getLong("seq");
  }

  private static boolean isEvent(JsonObject frame, String type) {
    return frame.getValue("body") instanceof JsonObject body && type.equals(body.getString("type"));
  }

  private static boolean rejected(JsonObject frame) {
    return "err".equals(frame.getString("type")) && "rejected".equals(frame.getString("body"));
  }
}
