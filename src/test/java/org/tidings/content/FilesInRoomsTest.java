package org.tidings.content;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.tidings.bus.Headers;
import org.tidings.testing.Api;
import org.tidings.testing.Response;
import org.tidings.testing.TestUser;
import org.tidings.testing.TidingsServer;

import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.tidings.content.ContentFixtures.download;
import static org.tidings.content.ContentFixtures.uploaded;

/** Files shared through rooms: the chat and content services together, as clients use them. */
class FilesInRoomsTest {

  @RegisterExtension
  static TidingsServer tidings = new TidingsServer();

  private final Api api = tidings.api();

  @Test
  void roomMembersReadAFileSentThereAndOthersDoNot() {
    TestUser alice = tidings.newUser("Alice");
    TestUser bob = tidings.newUser("Bob");
    TestUser carol = tidings.newUser("Carol");
    String room = room(alice, bob);
    String fileId = uploaded(api, alice, "holiday.jpg", Buffer.buffer("pretend this is a photo")).getString("id");

    assertThat(download(api, bob, fileId).status()).as("before it is shared").isEqualTo(404);
    Response sent = api.post("/rooms/" + room + "/messages", alice.token(), new JsonObject().put("fileId", fileId).put("text", "look"));
    assertThat(sent.status()).isEqualTo(201);
    assertThat(sent.json().getString("fileId")).isEqualTo(fileId);

    assertThat(download(api, bob, fileId).body().toString()).isEqualTo("pretend this is a photo");
    assertThat(download(api, carol, fileId).status()).isEqualTo(404);
    assertThat(canRead(fileId, bob)).isTrue();
    assertThat(canRead(fileId, carol)).isFalse();

    assertThat(api.delete("/rooms/" + room + "/messages/" + sent.json().getLong("seq"), alice.token()).status()).isEqualTo(204);
    assertThat(download(api, bob, fileId).status()).as("a deleted message no longer shares its file").isEqualTo(404);
    assertThat(download(api, alice, fileId).status()).as("the owner keeps it").isEqualTo(200);
  }

  @Test
  void aMemberWhoLeavesTheRoomNoLongerReadsItsFiles() {
    TestUser alice = tidings.newUser("Alice");
    TestUser bob = tidings.newUser("Bob");
    String room = room(alice, bob);
    String fileId = uploaded(api, alice, "minutes.txt", Buffer.buffer("for members")).getString("id");
    assertThat(api.post("/rooms/" + room + "/messages", alice.token(), new JsonObject().put("fileId", fileId)).status()).isEqualTo(201);
    assertThat(download(api, bob, fileId).status()).isEqualTo(200);

    assertThat(api.delete("/rooms/" + room + "/members/" + bob.id(), bob.token()).status()).isEqualTo(204);
    assertThat(download(api, bob, fileId).status()).as("right after leaving").isEqualTo(404);
    assertThat(download(api, alice, fileId).status()).isEqualTo(200);
  }

  @Test
  void aFileOnlyItsReadersMaySendIsNotFound() {
    TestUser alice = tidings.newUser("Alice");
    TestUser mallory = tidings.newUser("Mallory");
    String fileId = uploaded(api, alice, "secret.txt", Buffer.buffer("mine")).getString("id");
    String malloryRoom = room(mallory);
    for (String id : new String[] {fileId, UUID.randomUUID().toString(), "not-an-id"}) {
      Response response = api.post("/rooms/" + malloryRoom + "/messages", mallory.token(), new JsonObject().put("fileId", id));
      assertThat(response.status()).as(id).isEqualTo(404);
      assertThat(response.error()).isEqualTo("not_found");
    }
  }

  @Test
  void aForwardedFileIsANewRecordThatOutlivesTheOriginal() {
    TestUser alice = tidings.newUser("Alice");
    TestUser bob = tidings.newUser("Bob");
    String shared = room(alice, bob);
    String bobsOwn = room(bob);
    JsonObject original = uploaded(api, alice, "plan.pdf", Buffer.buffer("the plan"));
    long seq = api.post("/rooms/" + shared + "/messages", alice.token(),
      new JsonObject().put("fileId", original.getString("id")).put("text", "the plan")).json().getLong("seq");

    Response forwarded = api.post("/rooms/" + shared + "/messages/" + seq + "/forward", bob.token(),
      new JsonObject().put("toRoomId", bobsOwn));
    assertThat(forwarded.status()).isEqualTo(201);
    String copy = forwarded.json().getString("fileId");
    assertThat(copy).isNotEqualTo(original.getString("id"));
    assertThat(forwarded.json().getString("text")).isEqualTo("the plan");
    JsonObject copyMeta = api.get("/files/" + copy + "/meta", bob.token()).json();
    assertThat(copyMeta.getString("owner")).isEqualTo(bob.id());
    assertThat(copyMeta.getString("hash")).isEqualTo(original.getString("hash"));

    assertThat(api.delete("/files/" + original.getString("id"), alice.token()).status()).isEqualTo(204);
    assertThat(download(api, alice, original.getString("id")).status()).isEqualTo(404);
    assertThat(download(api, bob, copy).body().toString()).as("the same bytes, still there").isEqualTo("the plan");
  }

  private String room(TestUser owner, TestUser... members) {
    JsonArray ids = new JsonArray();
    for (TestUser member : members) {
      ids.add(member.id());
    }
    Response created = api.post("/rooms", owner.token(), new JsonObject().put("name", "files").put("type", "group").put("members", ids));
    assertThat(created.status()).isEqualTo(201);
    return created.json().getString("id");
  }

  private static boolean canRead(String fileId, TestUser user) {
    return Api.await(tidings.server().vertx().eventBus().<JsonObject>request("chat.files.can-read",
      new JsonObject().put("fileId", fileId), new DeliveryOptions().addHeader(Headers.USER_ID, user.id()))).body().getBoolean("allowed");
  }
}
