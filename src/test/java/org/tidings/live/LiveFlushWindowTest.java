package org.tidings.live;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.tidings.testing.BridgeClient;
import org.tidings.testing.TestUser;
import org.tidings.testing.TidingsServer;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** With a flush window on, a room's events spread over several windows reach each socket whole, once and in order. */
class LiveFlushWindowTest {

  @RegisterExtension
  static TidingsServer tidings = new TidingsServer(new JsonObject()
    .put("http", new JsonObject().put("live", new JsonObject().put("flushWindowMillis", 10))));

  @Test
  void eventsSpreadOverSeveralWindowsReachEachSocketInOrder() {
    TestUser ann = tidings.newUser("Ann");
    TestUser bob = tidings.newUser("Bob");
    String roomId = tidings.api().post("/rooms", ann.token(), new JsonObject().put("name", "window").put("type", "group")
      .put("members", new JsonArray().add(bob.id()))).json().getString("id");
    String room = "room." + roomId;
    int count = 60;
    try (BridgeClient annSocket = listening(ann, room); BridgeClient bobSocket = listening(bob, room)) {
      List<JsonObject> events = new ArrayList<>();
      for (int seq = 1; seq <= count; seq++) {
        events.add(new JsonObject().put("type", "message.new").put("roomId", roomId)
          .put("message", new JsonObject().put("roomId", roomId).put("seq", seq).put("text", "spread " + seq)));
      }
      Vertx server = tidings.server().vertx();
      // a few a millisecond for about 30 ms: some within a socket's window, some after it
      server.runOnContext(ignored -> {
        for (int i = 0; i < count; i++) {
          JsonObject event = events.get(i);
          server.setTimer(1 + i / 2, id -> server.eventBus().publish(room, event));
        }
      });
      for (BridgeClient socket : List.of(annSocket, bobSocket)) {
        List<JsonObject> seen = socket.until(frame -> room.equals(frame.getString("address"))
          && frame.getJsonObject("body").getJsonObject("message").getLong("seq") == count);
        assertThat(seen).as("each event once, in the order published")
          .containsExactlyElementsOf(events.stream()
            .map(event -> new JsonObject().put("type", "rec").put("address", room).put("body", event)).toList());
      }
    }
  }

  private static BridgeClient listening(TestUser user, String address) {
    BridgeClient socket = tidings.bridge(user);
    socket.register(address);
    socket.sync();
    return socket;
  }
}
