package org.tidings.chat;

import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.tidings.testing.Api;
import org.tidings.testing.Response;
import org.tidings.testing.TestUser;
import org.tidings.testing.TidingsServer;

import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** The live events the chat service publishes on {@code room.<id>} and {@code user.<id>}, seen on the server's event bus. */
class RoomEventsTest {

  @RegisterExtension
  static TidingsServer tidings = new TidingsServer();

  @Test
  void aNewMessageIsAnnouncedOnlyOnceHistoryAlreadyHoldsIt() throws InterruptedException {
    Api api = tidings.api();
    ChatClient chat = new ChatClient(api);
    TestUser alice = tidings.newUser("Alice");
    String roomId = chat.group(alice);
    BlockingQueue<Response> seenOnAnnouncement = new LinkedBlockingQueue<>();
    MessageConsumer<JsonObject> consumer = tidings.server().vertx().eventBus().consumer("room." + roomId, event -> {
      long seq = event.body().getJsonObject("message").getLong("seq");
      api.async(HttpMethod.GET, "/rooms/" + roomId + "/messages?after=" + (seq - 1), alice.token(), null)
        .onComplete(page -> seenOnAnnouncement.add(page.result()));
    });
    Api.await(consumer.completion());
    try {
      for (int i = 0; i < 20; i++) {
        chat.send(alice, roomId, "m" + i);
      }
      for (int i = 0; i < 20; i++) {
        Response page = seenOnAnnouncement.poll(30, TimeUnit.SECONDS);
        assertThat(page).isNotNull();
        assertThat(page.json().getJsonArray("messages")).as("the announced message is readable").isNotEmpty();
      }
    } finally {
      Api.await(consumer.unregister());
    }
  }

  @Test
  void everyChangeIsAnnouncedToTheRoomAndMembershipChangesToThePersonToo() throws InterruptedException {
    Api api = tidings.api();
    ChatClient chat = new ChatClient(api);
    TestUser alice = tidings.newUser("Alice");
    TestUser bob = tidings.newUser("Bob");
    String roomId = chat.group(alice);
    BlockingQueue<JsonObject> roomEvents = new LinkedBlockingQueue<>();
    BlockingQueue<JsonObject> bobsEvents = new LinkedBlockingQueue<>();
    MessageConsumer<JsonObject> room = tidings.server().vertx().eventBus()
      .consumer("room." + roomId, event -> roomEvents.add(event.body()));
    MessageConsumer<JsonObject> personal = tidings.server().vertx().eventBus()
      .consumer("user." + bob.id(), event -> {
        // unread hints come and go with every message; LiveUnreadTest follows them
        if (!"unread".equals(event.body().getString("type"))) {
          bobsEvents.add(event.body());
        }
      });
    Api.await(room.completion());
    Api.await(personal.completion());
    try {
      api.post("/rooms/" + roomId + "/members", alice.token(), new JsonObject().put("userId", bob.id()));
      JsonObject timeline = next(roomEvents);
      assertThat(timeline.getString("type")).isEqualTo("message.new");
      assertThat(timeline.getString("roomId")).isEqualTo(roomId);
      assertThat(timeline.getJsonObject("message").getString("event")).isEqualTo("member.joined");
      JsonObject joined = next(roomEvents);
      assertThat(joined.getString("type")).isEqualTo("member.joined");
      assertThat(joined.getString("userId")).isEqualTo(bob.id());
      JsonObject toBob = next(bobsEvents);
      assertThat(toBob.getString("type")).isEqualTo("member.joined");
      assertThat(toBob.getString("roomId")).isEqualTo(roomId);
      assertThat(toBob.getString("userId")).isEqualTo(bob.id());

      chat.send(bob, roomId, "helo");
      assertThat(next(roomEvents).getJsonObject("message").getString("text")).isEqualTo("helo");
      api.patch("/rooms/" + roomId + "/messages/2", bob.token(), new JsonObject().put("text", "hello"));
      JsonObject edited = next(roomEvents);
      assertThat(edited.getString("type")).isEqualTo("message.edited");
      assertThat(edited.getJsonObject("message").getString("status")).isEqualTo("edited");
      api.post("/rooms/" + roomId + "/read", alice.token(), new JsonObject().put("seq", 2));
      JsonObject read = next(roomEvents);
      assertThat(read.getString("type")).isEqualTo("read");
      assertThat(read.getString("userId")).isEqualTo(alice.id());
      assertThat(read.getLong("seq")).isEqualTo(2);
      api.delete("/rooms/" + roomId + "/messages/2", bob.token());
      JsonObject deleted = next(roomEvents);
      assertThat(deleted.getString("type")).isEqualTo("message.deleted");
      assertThat(deleted.getJsonObject("message").getLong("seq")).isEqualTo(2);
      assertThat(deleted.getJsonObject("message").getString("status")).isEqualTo("deleted");

      api.patch("/rooms/" + roomId, alice.token(), new JsonObject().put("name", "Renamed"));
      assertThat(next(roomEvents).getString("type")).isEqualTo("message.new");
      JsonObject updated = next(roomEvents);
      assertThat(updated.getString("type")).isEqualTo("room.updated");
      assertThat(updated.getString("name")).isEqualTo("Renamed");

      api.delete("/rooms/" + roomId + "/members/" + bob.id(), alice.token());
      assertThat(next(roomEvents).getString("type")).isEqualTo("message.new");
      assertThat(next(roomEvents).getString("type")).isEqualTo("member.left");
      assertThat(next(bobsEvents).getString("type")).isEqualTo("member.left");
    } finally {
      Api.await(room.unregister());
      Api.await(personal.unregister());
    }
  }

  private static JsonObject next(BlockingQueue<JsonObject> events) throws InterruptedException {
    JsonObject event = events.poll(30, TimeUnit.SECONDS);
    assertThat(event).as("an event arrives").isNotNull();
    return event;
  }
}
