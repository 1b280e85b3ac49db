package org.tidings.chat;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.tidings.testing.Api;
import org.tidings.testing.ServicePool;
import org.tidings.testing.TestUser;
import org.tidings.testing.TidingsServer;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.LongStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link GroupCommit} on its own, against the real database: sends queued in one event-loop
 * turn go out as one batch, whatever rooms they span (after the first, which is written at once).
 */
class GroupCommitTest {

  @RegisterExtension
  @Order(1)
  static TidingsServer tidings = new TidingsServer();

  @RegisterExtension
  @Order(2)
  static ServicePool services = new ServicePool(tidings, 4, "group-commit-test");

  static ChatClient chat;

  @BeforeAll
  static void clients() {
    chat = new ChatClient(tidings.api());
  }

  @Test
  void aBatchSpreadOverRoomsGivesEachRoomGaplessSeqsInArrivalOrder() {
    TestUser alice = tidings.newUser("Alice");
    TestUser outsider = tidings.newUser("Outsider");
    UUID first = UUID.fromString(chat.group(alice));
    UUID second = UUID.fromString(chat.group(alice));
    UUID me = UUID.fromString(alice.id());

    List<Future<GroupCommit.Stored>> stored = inOneTurn(commits -> {
      List<Future<GroupCommit.Stored>> sends = new ArrayList<>();
      for (int i = 0; i < 60; i++) {
        sends.add(commits.store(i % 3 == 0 ? second : first, me, new JsonObject().put("text", "n" + i), null));
      }
      sends.add(commits.store(first, UUID.fromString(outsider.id()), new JsonObject().put("text", "intruder"), null));
      return sends;
    });

    List<Future<GroupCommit.Stored>> mine = stored.subList(0, 60);
    assertThat(mine).allSatisfy(f -> assertThat(f.succeeded()).isTrue());
    assertThat(seqsIn(mine, first)).containsExactlyElementsOf(LongStream.rangeClosed(1, 40).boxed().toList());
    assertThat(seqsIn(mine, second)).containsExactlyElementsOf(LongStream.rangeClosed(1, 20).boxed().toList());
    assertThat(stored.getLast().failed()).as("a sender outside the room stores nothing").isTrue();
    assertThat(stored.getLast().cause()).isInstanceOf(ReplyException.class);
    assertThat(chat.room(alice, first.toString()).getLong("lastSeq")).isEqualTo(40);
  }

  @Test
  void aRepeatedClientIdInsideABatchStoresOneMessageAndLosesNoSeq() {
    TestUser alice = tidings.newUser("Alice");
    UUID room = UUID.fromString(chat.group(alice));
    UUID me = UUID.fromString(alice.id());

    List<Future<GroupCommit.Stored>> stored = inOneTurn(commits -> {
      List<Future<GroupCommit.Stored>> sends = new ArrayList<>();
      sends.add(commits.store(room, me, new JsonObject().put("text", "alone"), null));
      for (int i = 0; i < 5; i++) {
        sends.add(commits.store(room, me, new JsonObject().put("text", "same"), "dup"));
        sends.add(commits.store(room, me, new JsonObject().put("text", "other " + i), null));
      }
      return sends;
    });

    assertThat(stored).allSatisfy(f -> assertThat(f.succeeded()).isTrue());
    List<GroupCommit.Stored> dups = new ArrayList<>();
    for (int i = 1; i < stored.size(); i += 2) {
      dups.add(stored.get(i).result());
    }
    assertThat(dups.stream().map(s -> s.message().seq()).distinct()).hasSize(1);
    assertThat(dups.stream().filter(GroupCommit.Stored::isNew)).hasSize(1);
    assertThat(stored.stream().map(f -> f.result().message().seq()).distinct().sorted())
      .containsExactlyElementsOf(LongStream.rangeClosed(1, 7).boxed().toList());
  }

  @Test
  void aBatchAnswersEachSenderByItsStandingAndStoresOnlyTheAllowed() {
    TestUser alice = tidings.newUser("Alice");
    TestUser bob = tidings.newUser("Bob");
    TestUser reader = tidings.newUser("Reader");
    TestUser outsider = tidings.newUser("Outsider");
    String roomId = chat.group(alice, bob, reader);
    assertThat(tidings.api().put("/rooms/" + roomId + "/roles/reader", alice.token(),
      new JsonObject().put("permissions", new JsonArray().add("edit_own"))).status()).isEqualTo(204);
    chat.setRole(alice, roomId, reader, "reader");
    UUID room = UUID.fromString(roomId);
    List<TestUser> senders = List.of(alice, reader, outsider, bob);
    long events = chat.room(alice, roomId).getLong("lastSeq");

    List<Future<GroupCommit.Stored>> stored = inOneTurn(commits -> {
      List<Future<GroupCommit.Stored>> sends = new ArrayList<>();
      for (int i = 0; i < 12; i++) {
        sends.add(commits.store(room, UUID.fromString(senders.get(i % 4).id()), new JsonObject().put("text", "n" + i), null));
      }
      sends.add(commits.store(UUID.randomUUID(), UUID.fromString(alice.id()), new JsonObject().put("text", "nowhere"), null));
      return sends;
    });

    for (int i = 0; i < 12; i++) {
      Future<GroupCommit.Stored> send = stored.get(i);
      switch (i % 4) {
        case 1 -> assertThat(failureCode(send)).as("a member whose role may not send").isEqualTo(403);
        case 2 -> assertThat(failureCode(send)).as("a sender outside the room").isEqualTo(404);
        default -> assertThat(send.result().message().data().getString("text")).isEqualTo("n" + i);
      }
    }
    assertThat(failureCode(stored.getLast())).as("no such room").isEqualTo(404);
    List<Future<GroupCommit.Stored>> allowed = stored.stream().filter(Future::succeeded).toList();
    assertThat(seqsIn(allowed, room)).as("the allowed, in arrival order, without gaps")
      .containsExactlyElementsOf(LongStream.rangeClosed(events + 1, events + 6).boxed().toList());
    assertThat(chat.room(alice, roomId).getLong("lastSeq")).isEqualTo(events + 6);
  }

  @Test
  void sendersOfConsecutiveBatchesAreAnsweredInSeqOrder() {
    TestUser alice = tidings.newUser("Alice");
    UUID room = UUID.fromString(chat.group(alice));
    UUID me = UUID.fromString(alice.id());
    List<Long> answered = new ArrayList<>();
    Promise<List<Future<GroupCommit.Stored>>> queued = Promise.promise();

    services.vertx().runOnContext(ignored -> {
      GroupCommit commits = new GroupCommit(services.pool());
      List<Future<GroupCommit.Stored>> sends = new ArrayList<>();
      for (int turn = 0; turn < 10; turn++) {
        int t = turn;
        services.vertx().setTimer(1 + turn, id -> {
          for (int i = 0; i < 5; i++) {
            sends.add(commits.store(room, me, new JsonObject().put("text", "t" + t + " i" + i), null)
              .onSuccess(stored -> answered.add(stored.message().seq())));
          }
          if (t == 9) {
            queued.complete(sends);
          }
        });
      }
    });
    Api.await(Future.join(Api.await(queued.future())));

    assertThat(answered).as("the order senders learn of their messages, as live events are published")
      .containsExactlyElementsOf(LongStream.rangeClosed(1, 50).boxed().toList());
  }

  private static int failureCode(Future<?> send) {
    assertThat(send.failed()).isTrue();
    assertThat(send.cause()).isInstanceOf(ReplyException.class);
    return ((ReplyException) send.cause()).failureCode();
  }

  private static List<Future<GroupCommit.Stored>> inOneTurn(Function<GroupCommit, List<Future<GroupCommit.Stored>>> sends) {
    Promise<List<Future<GroupCommit.Stored>>> queued = Promise.promise();
    services.vertx().runOnContext(ignored -> queued.complete(sends.apply(new GroupCommit(services.pool()))));
    List<Future<GroupCommit.Stored>> futures = Api.await(queued.future());
    Api.await(Future.join(futures).otherwiseEmpty());
    return futures;
  }

  private static List<Long> seqsIn(List<Future<GroupCommit.Stored>> stored, UUID room) {
    return stored.stream().map(f -> f.result().message()).filter(m -> m.roomId().equals(room)).map(Message::seq).toList();
  }
}
