package org.tidings.gateway;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.tidings.bus.Headers;
import org.tidings.testing.Api;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.tidings.testing.Eventually.eventually;

/** The membership view and the outbound filter on a bare Vert.x, with the chat service played by the test. */
class MembershipsTest {

  private Vertx vertx;
  private Memberships memberships;
  private final List<String> ann = new CopyOnWriteArrayList<>(List.of("r1", "r2"));
  private final AtomicInteger loads = new AtomicInteger();

  @BeforeEach
  void chat() {
    vertx = Vertx.vertx();
    vertx.eventBus().<JsonObject>consumer("chat.rooms.ids", message -> {
      loads.incrementAndGet();
      message.reply(new JsonObject().put("roomIds", new JsonArray(List.copyOf(ann))));
    });
    vertx.eventBus().<JsonObject>consumer("chat.is-member", message -> message.reply(new JsonObject()
      .put("member", "ann".equals(message.headers().get(Headers.USER_ID))
        && ann.contains(message.body().getString("roomId")))));
    memberships = new Memberships(vertx);
  }

  @AfterEach
  void close() {
    Api.await(vertx.close());
  }

  @Test
  void theViewIsLoadedOncePerUserAndFollowsTheirMemberEvents() {
    Api.await(memberships.acquire("ann"));
    Api.await(memberships.acquire("ann"));
    assertThat(loads).hasValue(1);
    assertThat(memberships.isMember("ann", "r1")).isTrue();
    assertThat(memberships.isMember("ann", "r3")).isFalse();

    publishToAnn("member.left", "r1");
    publishToAnn("member.joined", "r3");
    eventually(() -> memberships.isMember("ann", "r3"));
    assertThat(memberships.isMember("ann", "r1")).as("events are applied in order").isFalse();

    memberships.release("ann");
    assertThat(memberships.isMember("ann", "r3")).as("one socket still holds the view").isTrue();
    memberships.release("ann");
    assertThat(memberships.isMember("ann", "r3")).as("the last socket took the view with it").isFalse();
    assertThat(memberships.users()).isZero();
  }

  @Test
  void aRoomTheViewDoesNotKnowIsCheckedWithTheChatService() {
    Api.await(memberships.acquire("ann"));
    ann.add("r9");
    assertThat(memberships.isMember("ann", "r9")).isFalse();
    assertThat(Api.await(memberships.check("ann", "r9"))).isTrue();
    assertThat(memberships.isMember("ann", "r9")).as("remembered once confirmed").isTrue();
    assertThat(Api.await(memberships.check("ann", "r404"))).isFalse();
    assertThat(Api.await(memberships.check("bob", "r1"))).as("bob has no socket here: asked, and not a member").isFalse();
    ann.add("r10");
    memberships.release("ann");
    assertThat(Api.await(memberships.check("ann", "r10"))).as("asked even without a socket here").isTrue();
  }

  @Test
  void roomEventsReachASocketOnlyWhileItsUserIsAMember() {
    Api.await(memberships.acquire("ann"));
    Outbound outbound = new Outbound(memberships);
    LiveSocket socket = new LiveSocket(null, null, 0, Long.MAX_VALUE);
    assertThat(allows(outbound, socket, event("room.r1", "message.new", "bob"))).as("not signed in").isFalse();
    socket.authenticated(new Caller("ann", "s1"), Long.MAX_VALUE);

    assertThat(allows(outbound, socket, event("room.r1", "message.new", "bob"))).isTrue();
    assertThat(allows(outbound, socket, event("room.r7", "message.new", "bob"))).isFalse();
    assertThat(allows(outbound, socket, event("user.ann", "member.joined", "ann"))).isTrue();
    assertThat(allows(outbound, socket, event("user.bob", "member.joined", "bob"))).isFalse();
    assertThat(allows(outbound, socket, event("room.r1", "typing", "bob"))).isTrue();
    assertThat(allows(outbound, socket, event("room.r1", "typing", "ann"))).as("one's own typing").isFalse();

    assertThat(allows(outbound, socket, event("room.r1", "member.left", "ann"))).as("told of leaving").isTrue();
    assertThat(allows(outbound, socket, event("room.r1", "message.new", "bob")))
      .as("the socket's own stream said ann left, even before her user events did").isFalse();
    socket.rejoined("r1");
    assertThat(allows(outbound, socket, event("room.r1", "message.new", "bob"))).isTrue();
  }

  private static boolean allows(Outbound outbound, LiveSocket socket, JsonObject envelope) {
    return outbound.allows(socket, Topic.parse(envelope.getString("address")),
      Outbound.Event.of(envelope.getValue("body")));
  }

  private void publishToAnn(String type, String roomId) {
    vertx.eventBus().publish("user.ann", new JsonObject().put("type", type).put("roomId", roomId).put("userId", "ann"));
  }

  /** Events arrive on an event loop; the test thread waits for their effect, for at most 10 s. */

  private static JsonObject event(String address, String type, String userId) {
    JsonObject body = new JsonObject().put("type", type);
    if (userId != null) {
      body.put("userId", userId);
    }
    return new JsonObject().put("type", "rec").put("address", address).put("body", body);
  }
}
