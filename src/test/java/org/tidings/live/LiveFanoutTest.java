package org.tidings.live;

import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.eventbus.ReplyFailure;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.tidings.testing.Api;
import org.tidings.testing.BridgeClient;
import org.tidings.testing.TestUser;
import org.tidings.testing.TidingsServer;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.tidings.testing.Eventually.eventually;

/**
 * A room's events reach the sockets of one instance through one consumer per room: each
 * listening socket gets each event once, a socket that stops listening gets nothing more, and
 * the consumer goes with the last socket.
 */
class LiveFanoutTest {

  @RegisterExtension
  static TidingsServer tidings = new TidingsServer();

  @Test
  void oneEventReachesEveryListeningMemberOnce() {
    TestUser owner = tidings.newUser("Owner");
    List<TestUser> others = new ArrayList<>();
    for (int i = 0; i < 9; i++) {
      others.add(tidings.newUser("Member" + i));
    }
    String roomId = createRoom(owner, others.toArray(TestUser[]::new));
    String room = "room." + roomId;
    List<BridgeClient> sockets = new ArrayList<>();
    try {
      sockets.add(listening(owner, room));
      for (TestUser member : others) {
        sockets.add(listening(member, room));
      }
      BridgeClient twice = sockets.getFirst();
      twice.register(room);
      twice.sync();

      long first = send(owner, roomId, "one");
      long second = send(owner, roomId, "two");
      for (BridgeClient socket : sockets) {
        List<JsonObject> seen = socket.until(frame -> seq(frame, room) == second);
        assertThat(seen.stream().filter(frame -> seq(frame, room) == first).count())
          .as("the first message, once").isEqualTo(1);
      }
    } finally {
      sockets.forEach(BridgeClient::close);
    }
  }

  @Test
  void aSocketThatUnregistersStopsReceivingAndTheLastOneTakesTheConsumerWithIt() {
    TestUser ann = tidings.newUser("Ann");
    TestUser bob = tidings.newUser("Bob");
    String roomId = createRoom(ann, bob);
    String room = "room." + roomId;
    assertThat(consumerOf(room)).as("before any socket listens").isFalse();
    try (BridgeClient annSocket = listening(ann, room); BridgeClient bobSocket = listening(bob, room)) {
      assertThat(consumerOf(room)).isTrue();
      bobSocket.unregister(room);
      bobSocket.sync();
      assertThat(consumerOf(room)).as("ann still listens").isTrue();

      long seq = send(ann, roomId, "bob stopped listening");
      assertThat(annSocket.event(room, "message.new").getJsonObject("message").getLong("seq")).isEqualTo(seq);
      bobSocket.sync();
      assertThat(bobSocket.drain()).as("no message of the room once unregistered")
        .noneMatch(frame -> seq(frame, room) >= 0);

      annSocket.unregister(room);
      annSocket.sync();
      eventually(() -> !consumerOf(room));
      bobSocket.register(room);
      bobSocket.sync();
      assertThat(consumerOf(room)).as("back with a socket that listens again").isTrue();
    }
    eventually(() -> !consumerOf(room));
  }

  @Test
  void aBurstOfEventsReachesEachSocketWholeOnceAndInOrder() {
    TestUser ann = tidings.newUser("Ann");
    TestUser bob = tidings.newUser("Bob");
    String roomId = createRoom(ann, bob);
    String room = "room." + roomId;
    int burst = 300;
    try (BridgeClient annSocket = listening(ann, room); BridgeClient bobSocket = listening(bob, room)) {
      List<JsonObject> events = new ArrayList<>();
      for (int seq = 1; seq <= burst; seq++) {
        events.add(new JsonObject().put("type", "message.new").put("roomId", roomId)
          .put("message", new JsonObject().put("roomId", roomId).put("seq", seq).put("text", "burst " + seq)));
      }
      // in one task: the loops delivering them get them as fast as they can take them
      tidings.server().vertx().runOnContext(ignored -> events.forEach(event -> tidings.server().vertx().eventBus()
        .publish(room, event)));
      for (BridgeClient socket : List.of(annSocket, bobSocket)) {
        List<JsonObject> seen = socket.until(frame -> seq(frame, room) == burst);
        assertThat(seen).as("each event as the frame the bridge writes, in the order published")
          .containsExactlyElementsOf(events.stream()
            .map(event -> new JsonObject().put("type", "rec").put("address", room).put("body", event)).toList());
      }
    }
  }

  private static BridgeClient listening(TestUser user, String... addresses) {
    BridgeClient socket = tidings.bridge(user);
    Arrays.stream(addresses).forEach(socket::register);
    socket.sync();
    return socket;
  }

  private static String createRoom(TestUser owner, TestUser... members) {
    JsonArray ids = new JsonArray(Arrays.stream(members).map(TestUser::id).toList());
    return tidings.api().post("/rooms", owner.token(), new JsonObject().put("name", "fan-out").put("type", "group")
      .put("members", ids)).json().getString("id");
  }

  private static long send(TestUser sender, String roomId, String text) {
    return tidings.api().post("/rooms/" + roomId + "/messages", sender.token(), new JsonObject().put("text", text))
      .json().getLong("seq");
  }

  private static long seq(JsonObject frame, String room) {
    return room.equals(frame.getString("address")) && frame.getValue("body") instanceof JsonObject body
      && "message.new".equals(body.getString("type")) ? body.getJsonObject("message").getLong("seq") : -1;
  }

  /**
   * Whether the server's event bus has a consumer for the address: a request to it times out
   * (the bridge's consumers never answer) rather than finding no handler. Nothing else on the
   * server consumes room addresses.
   */
  private static boolean consumerOf(String address) {
    try {
      Api.await(tidings.server().vertx().eventBus().request(address, new JsonObject().put("type", "probe"),
        new DeliveryOptions().setSendTimeout(300)));
      return true;
    } catch (RuntimeException e) {
      for (Throwable cause = e; cause != null; cause = cause.getCause()) {
        if (cause instanceof ReplyException reply) {
          return reply.failureType() != ReplyFailure.NO_HANDLERS;
        }
      }
      throw e;
    }
  }

}
