package org.tidings.live;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.tidings.testing.BridgeClient;
import org.tidings.testing.Response;
import org.tidings.testing.TestUser;
import org.tidings.testing.TidingsServer;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.stream.LongStream;

import static org.assertj.core.api.Assertions.assertThat;

/** The catch-up rule of docs/live.md: after a reconnect, history after the last seq seen fills the gap. */
class LiveCatchUpTest {

  @RegisterExtension
  static TidingsServer tidings = new TidingsServer();

  @Test
  void aClientThatDroppedCatchesUpOnEveryMessageInOrderWithoutDuplicates() {
    TestUser ann = tidings.newUser("Ann");
    TestUser bob = tidings.newUser("Bob");
    String roomId = createRoom(ann, bob);
    String room = "room." + roomId;

    long lastSeen;
    try (BridgeClient bobSocket = tidings.bridge(bob)) {
      bobSocket.register(room);
      bobSocket.sync();
      long sent = send(ann, roomId, "before the drop");
      lastSeen = bobSocket.event(room, "message.new").getJsonObject("message").getLong("seq");
      assertThat(lastSeen).isEqualTo(sent);
    }

    List<Long> sentWhileAway = new ArrayList<>();
    for (int i = 0; i < 100; i++) {
      sentWhileAway.add(send(ann, roomId, "while away " + i));
    }

    try (BridgeClient bobSocket = tidings.bridge(bob)) {
      bobSocket.register(room);
      bobSocket.sync();
      List<Long> caughtUp = history(bob, roomId, lastSeen);
      assertThat(caughtUp).containsExactlyElementsOf(sentWhileAway);
      assertThat(caughtUp).containsExactlyElementsOf(
        LongStream.rangeClosed(lastSeen + 1, lastSeen + 100).boxed().toList());

      long next = send(ann, roomId, "back live");
      assertThat(bobSocket.event(room, "message.new").getJsonObject("message").getLong("seq"))
        .as("live again after the catch-up").isEqualTo(next).isEqualTo(lastSeen + 101);
    }
  }

  /** Every seq after {@code after}, page by page, as a client would fetch them. */
  private static List<Long> history(TestUser reader, String roomId, long after) {
    List<Long> seqs = new ArrayList<>();
    long cursor = after;
    boolean more = true;
    while (more) {
      Response page = tidings.api().get("/rooms/" + roomId + "/messages?after=" + cursor + "&limit=30", reader.token());
      assertThat(page.status()).as(page.toString()).isEqualTo(200);
      JsonArray messages = page.json().getJsonArray("messages");
      for (Object message : messages) {
        seqs.add(((JsonObject) message).getLong("seq"));
      }
      if (!messages.isEmpty()) {
        cursor = seqs.getLast();
      }
      more = page.json().getBoolean("more") && !messages.isEmpty();
    }
    return seqs;
  }

  private static String createRoom(TestUser owner, TestUser member) {
    Response created = tidings.api().post("/rooms", owner.token(), new JsonObject()
      .put("name", "room " + UUID.randomUUID()).put("type", "group").put("members", new JsonArray().add(member.id())));
    assertThat(created.status()).as(created.toString()).isEqualTo(201);
    return created.json().getString("id");
  }

  private static long send(TestUser sender, String roomId, String text) {
    Response sent = tidings.api().post("/rooms/" + roomId + "/messages", sender.token(), new JsonObject().put("text", text));
    assertThat(sent.status()).as(sent.toString()).isEqualTo(201);
    return sent.json().getLong("seq");
  }
}
