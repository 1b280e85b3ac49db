package org.tidings.chat;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Transaction;
import io.vertx.sqlclient.Tuple;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.tidings.testing.Api;
import org.tidings.testing.ServicePool;
import org.tidings.testing.TestUser;
import org.tidings.testing.TidingsServer;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Supplier;
import java.util.stream.LongStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link CommitLanes} against the real database: each lane has its own batch in flight, so a
 * lane held up or failing leaves the others alone, and every room still gets gap-free seqs in
 * the order its sends arrived.
 */
class CommitLanesTest {

  @RegisterExtension
  @Order(1)
  static TidingsServer tidings = new TidingsServer();

  @RegisterExtension
  @Order(2)
  static ServicePool services = new ServicePool(tidings, 4, "commit-lanes-test");

  /** The one event loop every lane of a test lives on, as in a chat instance. */
  static Context loop;
  static ChatClient chat;

  @BeforeAll
  static void clients() {
    loop = services.vertx().getOrCreateContext();
    chat = new ChatClient(tidings.api());
  }

  @Test
  void aRoomLockedInOneLaneHoldsUpOnlyThatLane() {
    TestUser alice = tidings.newUser("Alice");
    UUID me = UUID.fromString(alice.id());
    UUID held = roomInLane(alice, 0, 2);
    UUID free = roomInLane(alice, 1, 2);
    CommitLanes lanes = onContext(() -> new CommitLanes(services.pool(), 2));
    SqlConnection locker = Api.await(services.pool().getConnection());
    Transaction lock = Api.await(locker.begin());
    Api.await(locker.preparedQuery("SELECT id FROM chat.rooms WHERE id = $1 FOR UPDATE").execute(Tuple.of(held)));
    try {
      Future<GroupCommit.Stored> waiting = onContext(() -> lanes.store(held, me, text("waits for the lock"), null));
      List<Long> seqs = new ArrayList<>();
      for (int i = 0; i < 3; i++) {
        seqs.add(Api.await(onContext(() -> lanes.store(free, me, text("goes on"), null))).message().seq());
      }

      assertThat(seqs).containsExactly(1L, 2L, 3L);
      assertThat(waiting.isComplete()).as("the send into the locked room still waits").isFalse();
      Api.await(lock.commit());
      assertThat(Api.await(waiting).message().seq()).isEqualTo(1);
    } finally {
      Api.await(locker.close());
    }
  }

  @Test
  void aFailingBatchFailsOnlyItsOwnLanesSenders() {
    TestUser alice = tidings.newUser("Alice");
    UUID me = UUID.fromString(alice.id());
    UUID failing = roomInLane(alice, 0, 2);
    UUID other = roomInLane(alice, 1, 2);
    CommitLanes lanes = onContext(() -> new CommitLanes(services.pool(), 2));

    List<Future<GroupCommit.Stored>> sends = inOneTurn(() -> List.of(
      lanes.store(failing, me, text("first, written at once"), null),
      lanes.store(other, me, text("first, written at once"), null),
      // PostgreSQL's jsonb refuses \u0000, which fails the whole statement of this batch
      lanes.store(failing, me, text("bad \u0000"), null),
      lanes.store(failing, me, text("shares the failing batch"), null),
      lanes.store(other, me, text("o2"), null),
      lanes.store(other, me, text("o3"), null)));

    assertThat(sends.get(0).result().message().seq()).isEqualTo(1);
    assertThat(sends.get(2).failed()).isTrue();
    assertThat(sends.get(3).failed()).isTrue();
    assertThat(List.of(sends.get(1), sends.get(4), sends.get(5))).extracting(f -> f.result().message().seq())
      .containsExactly(1L, 2L, 3L);
    assertThat(Api.await(onContext(() -> lanes.store(failing, me, text("after"), null))).message().seq())
      .as("the failed batch took no seq").isEqualTo(2);
  }

  @Test
  void sendsSpreadOverLanesWhileBatchesAreInFlightGiveEachRoomGaplessSeqsInArrivalOrder() {
    TestUser alice = tidings.newUser("Alice");
    UUID me = UUID.fromString(alice.id());
    List<UUID> rooms = new ArrayList<>();
    for (int i = 0; i < 9; i++) {
      rooms.add(roomInLane(alice, i % 3, 3));
    }
    CommitLanes lanes = onContext(() -> new CommitLanes(services.pool(), 3));
    Map<UUID, List<Future<GroupCommit.Stored>>> byRoom = new LinkedHashMap<>();
    rooms.forEach(room -> byRoom.put(room, new ArrayList<>()));
    Promise<Void> queued = Promise.promise();
    int turns = 20;
    loop.runOnContext(ignored -> {
      for (int turn = 0; turn < turns; turn++) {
        int t = turn;
        services.vertx().setTimer(1 + turn, id -> {
          for (int i = 0; i < 15; i++) {
            UUID room = rooms.get((t * 7 + i * 5) % rooms.size());
            byRoom.get(room).add(lanes.store(room, me, text("t" + t + " i" + i), "c" + t + "-" + i));
          }
          if (t == turns - 1) {
            queued.complete();
          }
        });
      }
    });
    Api.await(queued.future());
    Api.await(Future.join(byRoom.values().stream().flatMap(List::stream).toList()));

    byRoom.forEach((room, stored) -> {
      assertThat(stored).extracting(f -> f.result().message().seq())
        .containsExactlyElementsOf(LongStream.rangeClosed(1, stored.size()).boxed().toList());
      assertThat(chat.room(alice, room.toString()).getLong("lastSeq")).isEqualTo(stored.size());
    });
  }

  /** A new group room owned by {@code owner} that falls in the given lane. */
  private static UUID roomInLane(TestUser owner, int lane, int lanes) {
    while (true) {
      UUID room = UUID.fromString(chat.group(owner));
      if (CommitLanes.laneOf(room, lanes) == lane) {
        return room;
      }
    }
  }

  private static JsonObject text(String text) {
    return new JsonObject().put("text", text);
  }

  /** Runs on the test's event loop, where {@link CommitLanes} lives, and gives what it returned. */
  private static <T> T onContext(Supplier<T> work) {
    Promise<T> done = Promise.promise();
    loop.runOnContext(ignored -> done.complete(work.get()));
    return Api.await(done.future());
  }

  private static List<Future<GroupCommit.Stored>> inOneTurn(Supplier<List<Future<GroupCommit.Stored>>> sends) {
    List<Future<GroupCommit.Stored>> futures = onContext(sends);
    Api.await(Future.join(futures).otherwiseEmpty());
    return futures;
  }
}
