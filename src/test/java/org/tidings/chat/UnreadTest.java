package org.tidings.chat;

import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.tidings.db.Pools;
import org.tidings.testing.Api;
import org.tidings.testing.TestUser;
import org.tidings.testing.TidingsServer;

import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link Unread}'s hints on its own, against the real database: one hint per room and window
 * for each member who has not muted the room, one more at the window's end when the room
 * changed during it, however many rooms are due at once.
 */
class UnreadTest {

  @RegisterExtension
  static TidingsServer tidings = new TidingsServer();

  static Vertx vertx;
  static Pool pool;
  static ChatClient chat;

  @BeforeAll
  static void pool() {
    vertx = Vertx.vertx();
    pool = Pools.create(vertx, tidings.database(), 2, "unread-test");
    chat = new ChatClient(tidings.api());
  }

  @AfterAll
  static void close() {
    Api.await(pool.close());
    Api.await(vertx.close());
  }

  @Test
  void eachRoomHintsItsUnmutedMembersOncePerWindowAndOnceMoreForChangesDuringIt() throws Exception {
    TestUser alice = tidings.newUser("Alice");
    TestUser bob = tidings.newUser("Bob");
    List<UUID> rooms = List.of(room(alice, bob), room(alice, bob), room(alice, bob));
    UUID busy = rooms.get(0);
    UUID quiet = rooms.get(1);
    UUID muted = rooms.get(2);
    assertThat(tidings.api().patch("/rooms/" + muted + "/membership", bob.token(), new JsonObject().put("muted", true))
      .status()).isEqualTo(204);
    Map<UUID, AtomicInteger> bobsHints = hintsFor(bob);
    Map<UUID, AtomicInteger> alicesHints = hintsFor(alice);

    Promise<Unread> made = Promise.promise();
    vertx.runOnContext(ignored -> {
      Unread unread = new Unread(vertx, pool, new RoomEvents(vertx));
      rooms.forEach(unread::roomChanged);
      unread.roomChanged(busy);
      unread.roomChanged(busy);
      made.complete(unread);
    });
    Unread unread = Api.await(made.future());

    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (count(bobsHints, busy) < 2 && System.nanoTime() < deadline) {
      TimeUnit.MILLISECONDS.sleep(50);
    }
    TimeUnit.MILLISECONDS.sleep(2 * Unread.WINDOW_MILLIS);
    assertThat(count(bobsHints, busy)).as("at once, then once at the end of the window for the changes during it")
      .isEqualTo(2);
    assertThat(count(bobsHints, quiet)).as("one change, one hint").isEqualTo(1);
    assertThat(count(bobsHints, muted)).as("a muted room hints nobody who muted it").isZero();
    assertThat(count(alicesHints, muted)).as("but still its other members").isEqualTo(1);
    assertThat(count(alicesHints, busy)).isEqualTo(2);
    Api.await(unread.stop());
  }

  private static UUID room(TestUser owner, TestUser member) {
    return UUID.fromString(chat.group(owner, member));
  }

  private static Map<UUID, AtomicInteger> hintsFor(TestUser user) {
    Map<UUID, AtomicInteger> hints = new ConcurrentHashMap<>();
    Api.await(vertx.eventBus().<JsonObject>consumer("user." + user.id(), message -> {
      if (Unread.HINT.equals(message.body().getString("type"))) {
        hints.computeIfAbsent(UUID.fromString(message.body().getString("roomId")), id -> new AtomicInteger()).incrementAndGet();
      }
    }).completion());
    return hints;
  }

  private static int count(Map<UUID, AtomicInteger> hints, UUID roomId) {
    AtomicInteger n = hints.get(roomId);
    return n == null ? 0 : n.get();
  }
}
