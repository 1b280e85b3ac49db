package org.tidings.chat;

import io.vertx.core.Promise;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.tidings.testing.Api;
import org.tidings.testing.ServicePool;
import org.tidings.testing.TestUser;
import org.tidings.testing.TidingsServer;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link Unread}'s hints on its own, against the real database: each member who has not muted
 * a changed room is told at once, one hint naming all the rooms changed at that moment, then
 * once more at the window's end naming the rooms that changed during it.
 */
class UnreadTest {

  @RegisterExtension
  @Order(1)
  static TidingsServer tidings = new TidingsServer();

  @RegisterExtension
  @Order(2)
  static ServicePool services = new ServicePool(tidings, 2, "unread-test");

  static ChatClient chat;

  @BeforeAll
  static void clients() {
    chat = new ChatClient(tidings.api());
  }

  @Test
  void unmutedMembersGetOneHintForTheRoomsChangedTogetherAndOneMoreForChangesDuringTheWindow() throws Exception {
    TestUser alice = tidings.newUser("Alice");
    TestUser bob = tidings.newUser("Bob");
    List<UUID> rooms = List.of(room(alice, bob), room(alice, bob), room(alice, bob));
    UUID busy = rooms.get(0);
    UUID quiet = rooms.get(1);
    UUID muted = rooms.get(2);
    assertThat(tidings.api().patch("/rooms/" + muted + "/membership", bob.token(), new JsonObject().put("muted", true))
      .status()).isEqualTo(204);
    List<Set<UUID>> bobsHints = hintsFor(bob);
    List<Set<UUID>> alicesHints = hintsFor(alice);

    Promise<Unread> made = Promise.promise();
    services.vertx().runOnContext(ignored -> {
      Unread unread = new Unread(services.vertx(), services.pool(), new RoomEvents(services.vertx()));
      rooms.forEach(unread::roomChanged);
      unread.roomChanged(busy);
      made.complete(unread);
    });
    Unread unread = Api.await(made.future());
    awaitHints(bobsHints, 1);
    services.vertx().runOnContext(ignored -> {
      unread.roomChanged(busy);
      unread.roomChanged(busy);
    });

    awaitHints(bobsHints, 2);
    TimeUnit.MILLISECONDS.sleep(2 * Unread.WINDOW_MILLIS);
    assertThat(bobsHints).as("one hint for the rooms changed together, one at the end of the window").hasSize(2);
    assertThat(bobsHints.getFirst()).as("a muted room hints nobody who muted it").containsExactlyInAnyOrder(busy, quiet);
    assertThat(bobsHints.getLast()).as("the changes during the window").containsExactly(busy);
    assertThat(alicesHints.getFirst()).as("but still its other members").containsExactlyInAnyOrder(busy, quiet, muted);
    assertThat(mentions(alicesHints, busy)).isEqualTo(2);
    Api.await(unread.stop());
  }

  private static void awaitHints(List<Set<UUID>> hints, int count) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (hints.size() < count && System.nanoTime() < deadline) {
      TimeUnit.MILLISECONDS.sleep(20);
    }
  }

  private static UUID room(TestUser owner, TestUser member) {
    return UUID.fromString(chat.group(owner, member));
  }

  /** The rooms each hint to the user named, in the order the hints came. */
  private static List<Set<UUID>> hintsFor(TestUser user) {
    List<Set<UUID>> hints = new CopyOnWriteArrayList<>();
    Api.await(services.vertx().eventBus().<JsonObject>consumer("user." + user.id(), message -> {
      JsonObject hint = message.body();
      if (Unread.HINT.equals(hint.getString("type"))) {
        Set<UUID> rooms = new LinkedHashSet<>();
        hint.getJsonArray("roomIds").forEach(id -> rooms.add(UUID.fromString((String) id)));
        // roomId, as before there were roomIds, names one of them
        rooms.add(UUID.fromString(hint.getString("roomId")));
        hints.add(rooms);
      }
    }).completion());
    return hints;
  }

  private static long mentions(List<Set<UUID>> hints, UUID roomId) {
    return hints.stream().filter(rooms -> rooms.contains(roomId)).count();
  }
}
