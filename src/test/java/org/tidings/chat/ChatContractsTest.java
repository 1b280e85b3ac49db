package org.tidings.chat;

import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.tidings.bus.Failure;
import org.tidings.bus.Headers;
import org.tidings.testing.Api;
import org.tidings.testing.TestUser;
import org.tidings.testing.TidingsServer;

import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The addresses other services and the live bridge call on chat ({@code chat.rooms.ids},
 * {@code chat.is-member}, {@code chat.send}, {@code chat.typing}). Files shared through rooms
 * ({@code chat.files.can-read}, {@code content.describe}, {@code content.forward}) are
 * covered end to end by {@code content.FilesInRoomsTest}.
 */
class ChatContractsTest {

  @RegisterExtension
  static TidingsServer tidings = new TidingsServer();

  @Test
  void otherServicesLearnMembershipsFromChat() {
    Api api = tidings.api();
    ChatClient chat = new ChatClient(api);
    EventBus bus = tidings.server().vertx().eventBus();
    TestUser alice = tidings.newUser("Alice");
    TestUser bob = tidings.newUser("Bob");
    TestUser carol = tidings.newUser("Carol");
    String roomId = chat.group(alice, bob);
    String aliceAlone = chat.group(alice);

    assertThat(ask(bus, "chat.rooms.ids", new JsonObject(), alice).getJsonArray("roomIds"))
      .containsExactlyInAnyOrder(roomId, aliceAlone);
    assertThat(ask(bus, "chat.rooms.ids", new JsonObject(), carol).getJsonArray("roomIds")).isEmpty();
    assertThat(ask(bus, "chat.is-member", new JsonObject().put("roomId", roomId), bob).getBoolean("member")).isTrue();
    assertThat(ask(bus, "chat.is-member", new JsonObject().put("roomId", roomId), carol).getBoolean("member")).isFalse();
    assertThat(ask(bus, "chat.is-member", new JsonObject().put("roomId", "nonsense"), carol).getBoolean("member")).isFalse();
  }

  @Test
  void theLiveBridgeSendsAndTypesThroughTheBusAsOverHttp() throws InterruptedException {
    ChatClient chat = new ChatClient(tidings.api());
    EventBus bus = tidings.server().vertx().eventBus();
    TestUser alice = tidings.newUser("Alice");
    TestUser mallory = tidings.newUser("Mallory");
    String roomId = chat.group(alice);
    JsonObject body = new JsonObject().put("roomId", roomId).put("text", "from a socket").put("clientId", "s-1");

    JsonObject sent = ask(bus, "chat.send", body, alice);
    assertThat(sent.getLong("seq")).isEqualTo(1);
    assertThat(sent.getString("text")).isEqualTo("from a socket");
    assertThat(ask(bus, "chat.send", body, alice)).isEqualTo(sent);
    assertThat(refusal(bus, "chat.send", body, mallory)).isEqualTo(404);
    assertThat(refusal(bus, "chat.send", new JsonObject().put("roomId", roomId), alice)).isEqualTo(400);

    BlockingQueue<JsonObject> events = new LinkedBlockingQueue<>();
    MessageConsumer<JsonObject> room = bus.consumer("room." + roomId, event -> events.add(event.body()));
    Api.await(room.completion());
    try {
      ask(bus, "chat.typing", new JsonObject().put("roomId", roomId), alice);
      JsonObject typing = events.poll(30, TimeUnit.SECONDS);
      assertThat(typing).isNotNull();
      assertThat(typing.getString("type")).isEqualTo("typing");
      assertThat(typing.getString("userId")).isEqualTo(alice.id());
      assertThat(refusal(bus, "chat.typing", new JsonObject().put("roomId", roomId), mallory)).isEqualTo(404);
    } finally {
      Api.await(room.unregister());
    }
  }

  @Test
  void theBusAddressesRefuseCallersWithoutAVerifiedUser() {
    EventBus bus = tidings.server().vertx().eventBus();
    Throwable refused = Api.await(bus.request("chat.rooms.ids", new JsonObject())
      .map(reply -> (Throwable) null).otherwise(e -> e));
    assertThat(refused).isInstanceOf(ReplyException.class);
    assertThat(Failure.parse((ReplyException) refused).status()).isEqualTo(401);
  }

  private static int refusal(EventBus bus, String address, JsonObject body, TestUser user) {
    Throwable refused = Api.await(bus.request(address, body, new DeliveryOptions().addHeader(Headers.USER_ID, user.id()))
      .map(reply -> (Throwable) null).otherwise(e -> e));
    assertThat(refused).isInstanceOf(ReplyException.class);
    return ((ReplyException) refused).failureCode();
  }

  private static JsonObject ask(EventBus bus, String address, JsonObject body, TestUser user) {
    return Api.await(bus.<JsonObject>request(address, body, new DeliveryOptions().addHeader(Headers.USER_ID, user.id())))
      .body();
  }
}
