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
import org.tidings.testing.Response;
import org.tidings.testing.TestUser;
import org.tidings.testing.TidingsServer;

import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The addresses other services call ({@code chat.rooms.ids}, {@code chat.is-member},
 * {@code chat.files.can-read}) and the ones chat calls on the content service. The content
 * service is built elsewhere, so its two addresses are answered here by a stand-in that
 * speaks their contract: {@code content.describe} knows {@code file-1}; {@code content.forward}
 * makes {@code copy-of-<id>}.
 */
class ChatContractsTest {

  @RegisterExtension
  static TidingsServer tidings = new TidingsServer();

  @Test
  void otherServicesLearnMembershipsAndFileAccessFromChat() {
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

    MessageConsumer<JsonObject> describe = bus.consumer("content.describe", message -> {
      if ("file-1".equals(message.body().getString("fileId")) && message.headers().get(Headers.USER_ID) != null) {
        message.reply(new JsonObject().put("id", "file-1").put("name", "a.png"));
      } else {
        message.fail(404, "not_found No such file");
      }
    });
    Api.await(describe.completion());
    try {
      assertThat(api.post("/rooms/" + roomId + "/messages", alice.token(), new JsonObject().put("fileId", "file-2")).error())
        .isEqualTo("not_found");
      Response sent = api.post("/rooms/" + roomId + "/messages", alice.token(),
        new JsonObject().put("fileId", "file-1").put("text", "look"));
      assertThat(sent.status()).isEqualTo(201);
      assertThat(sent.json().getString("fileId")).isEqualTo("file-1");

      assertThat(canRead(bus, "file-1", bob)).isTrue();
      assertThat(canRead(bus, "file-1", carol)).isFalse();
      assertThat(canRead(bus, "file-9", alice)).isFalse();

      Response unavailable = api.post("/rooms/" + roomId + "/messages/1/forward", alice.token(),
        new JsonObject().put("toRoomId", aliceAlone));
      assertThat(unavailable.status()).isEqualTo(501);
      assertThat(unavailable.error()).isEqualTo("not_implemented");

      MessageConsumer<JsonObject> forward = bus.consumer("content.forward", message ->
        message.reply(new JsonObject().put("fileId", "copy-of-" + message.body().getString("fileId"))));
      Api.await(forward.completion());
      try {
        Response forwarded = api.post("/rooms/" + roomId + "/messages/1/forward", alice.token(),
          new JsonObject().put("toRoomId", aliceAlone));
        assertThat(forwarded.status()).isEqualTo(201);
        assertThat(forwarded.json().getString("fileId")).isEqualTo("copy-of-file-1");
        assertThat(forwarded.json().getString("text")).isEqualTo("look");
      } finally {
        Api.await(forward.unregister());
      }

      assertThat(api.delete("/rooms/" + roomId + "/messages/1", alice.token()).status()).isEqualTo(204);
      assertThat(canRead(bus, "file-1", bob)).as("a deleted message no longer shares its file").isFalse();
    } finally {
      Api.await(describe.unregister());
    }
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

  private static boolean canRead(EventBus bus, String fileId, TestUser user) {
    return ask(bus, "chat.files.can-read", new JsonObject().put("fileId", fileId), user).getBoolean("allowed");
  }

  private static JsonObject ask(EventBus bus, String address, JsonObject body, TestUser user) {
    return Api.await(bus.<JsonObject>request(address, body, new DeliveryOptions().addHeader(Headers.USER_ID, user.id())))
      .body();
  }

}
