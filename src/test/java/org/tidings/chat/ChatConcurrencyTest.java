package org.tidings.chat;

import io.vertx.core.Future;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.tidings.testing.Api;
import org.tidings.testing.Response;
import org.tidings.testing.TestUser;
import org.tidings.testing.TidingsServer;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import java.util.stream.LongStream;

import static org.assertj.core.api.Assertions.assertThat;

/** Seqs, clientIds and dialogs hold under many requests at once. */
class ChatConcurrencyTest {

  @RegisterExtension
  static TidingsServer tidings = new TidingsServer();

  @Test
  void twentySendersOfAHundredMessagesEachGetSeqsOneToTwoThousandExactlyOnce() {
    Api api = tidings.api();
    List<TestUser> senders = IntStream.range(0, 20).mapToObj(i -> tidings.newUser("Sender" + i)).toList();
    JsonArray members = new JsonArray(senders.subList(1, 20).stream().map(TestUser::id).toList());
    String roomId = api.post("/rooms", senders.getFirst().token(),
      new JsonObject().put("name", "busy").put("type", "group").put("members", members)).json().getString("id");

    List<Future<Response>> sends = new ArrayList<>();
    for (int i = 0; i < 100; i++) {
      for (TestUser sender : senders) {
        sends.add(api.async(HttpMethod.POST, "/rooms/" + roomId + "/messages", sender.token(),
          new JsonObject().put("text", sender.displayName() + " #" + i)));
      }
    }
    Api.await(Future.all(sends));
    assertThat(sends).allSatisfy(sent -> assertThat(sent.result().status()).isEqualTo(201));
    List<Long> answered = sends.stream().map(sent -> sent.result().json().getLong("seq")).sorted().toList();
    assertThat(answered).containsExactlyElementsOf(LongStream.rangeClosed(1, 2000).boxed().toList());

    List<Long> stored = new ArrayList<>();
    long after = 0;
    boolean more = true;
    while (more) {
      JsonObject page = api.get("/rooms/" + roomId + "/messages?limit=200&after=" + after, senders.get(5).token()).json();
      page.getJsonArray("messages").forEach(m -> stored.add(((JsonObject) m).getLong("seq")));
      after = stored.getLast();
      more = page.getBoolean("more");
    }
    assertThat(stored).containsExactlyElementsOf(LongStream.rangeClosed(1, 2000).boxed().toList());
  }

  @Test
  void theSameClientIdSentTenTimesInParallelStoresOneMessage() {
    Api api = tidings.api();
    TestUser alice = tidings.newUser("Alice");
    String roomId = api.post("/rooms", alice.token(), new JsonObject().put("name", "retry").put("type", "group"))
      .json().getString("id");
    List<Future<Response>> sends = IntStream.range(0, 10)
      .mapToObj(i -> api.async(HttpMethod.POST, "/rooms/" + roomId + "/messages", alice.token(),
        new JsonObject().put("text", "only once").put("clientId", "flaky-network")))
      .toList();
    Api.await(Future.all(sends));
    assertThat(sends).allSatisfy(sent -> {
      assertThat(sent.result().status()).isEqualTo(201);
      assertThat(sent.result().json().getLong("seq")).isEqualTo(1);
    });
    JsonObject history = api.get("/rooms/" + roomId + "/messages", alice.token()).json();
    assertThat(history.getJsonArray("messages")).hasSize(1);
    assertThat(api.post("/rooms/" + roomId + "/messages", alice.token(), new JsonObject().put("text", "next")).json()
      .getLong("seq")).isEqualTo(2);
  }

  @Test
  void tenParallelDialogRequestsForOnePairMakeOneRoom() {
    Api api = tidings.api();
    TestUser alice = tidings.newUser("Alice");
    TestUser bob = tidings.newUser("Bob");
    List<Future<Response>> opens = IntStream.range(0, 10)
      .mapToObj(i -> i % 2 == 0
        ? api.async(HttpMethod.POST, "/dialogs", alice.token(), new JsonObject().put("userId", bob.id()))
        : api.async(HttpMethod.POST, "/dialogs", bob.token(), new JsonObject().put("userId", alice.id())))
      .toList();
    Api.await(Future.all(opens));
    assertThat(opens).allSatisfy(open -> assertThat(open.result().status()).isEqualTo(200));
    assertThat(opens.stream().map(open -> open.result().json().getString("id")).distinct()).hasSize(1);
    assertThat(api.get("/rooms", alice.token()).array()).hasSize(1);
    assertThat(api.get("/rooms/" + opens.getFirst().result().json().getString("id") + "/members", bob.token()).array())
      .hasSize(2);
  }
}
