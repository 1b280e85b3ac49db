package org.tidings.content;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.tidings.testing.Response;
import org.tidings.testing.TestUser;
import org.tidings.testing.TidingsServer;

import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.tidings.content.ContentFixtures.download;
import static org.tidings.content.ContentFixtures.randomBytes;
import static org.tidings.content.ContentFixtures.uploaded;

/** {@code PUT/DELETE /files/{id}/readers/{userId}}: read grants, given and taken back by the owner. */
class FileReadersTest {

  @RegisterExtension
  static TidingsServer tidings = new TidingsServer();

  @Test
  void theOwnerGrantsAndRevokesReadingAndSeesWhoMayRead() {
    TestUser ada = tidings.newUser("Ada");
    TestUser bob = tidings.newUser("Bob");
    String id = uploaded(tidings.api(), ada, "shared.bin", randomBytes(1000, 71)).getString("id");
    assertThat(download(tidings.api(), bob, id).status()).isEqualTo(404);

    assertThat(put(ada, id, bob.id()).status()).isEqualTo(204);
    assertThat(put(ada, id, bob.id()).status()).as("granting twice").isEqualTo(204);
    assertThat(download(tidings.api(), bob, id).status()).isEqualTo(200);
    assertThat(meta(ada, id).getJsonArray("readers")).isEqualTo(new JsonArray().add(bob.id()));
    assertThat(meta(bob, id).containsKey("readers")).as("readers are shown to the owner only").isFalse();

    assertThat(remove(ada, id, bob.id()).status()).isEqualTo(204);
    assertThat(download(tidings.api(), bob, id).status()).isEqualTo(404);
    assertThat(remove(ada, id, bob.id()).status()).as("revoking twice").isEqualTo(204);
    assertThat(meta(ada, id).getJsonArray("readers")).isEmpty();
  }

  @Test
  void aReaderWhoIsNotTheOwnerIsForbiddenAndAnyoneElseFindsNothing() {
    TestUser ada = tidings.newUser("Ada");
    TestUser bob = tidings.newUser("Bob");
    TestUser eve = tidings.newUser("Eve");
    String id = uploaded(tidings.api(), ada, "mine.bin", randomBytes(1000, 72)).getString("id");
    assertThat(put(ada, id, bob.id()).status()).isEqualTo(204);

    Response byReader = put(bob, id, eve.id());
    assertThat(byReader.status()).isEqualTo(403);
    assertThat(byReader.error()).isEqualTo("forbidden");
    assertThat(remove(bob, id, bob.id()).status()).isEqualTo(403);

    Response byStranger = put(eve, id, eve.id());
    assertThat(byStranger.status()).isEqualTo(404);
    assertThat(byStranger.error()).isEqualTo("not_found");
    assertThat(remove(eve, id, bob.id()).status()).isEqualTo(404);
    assertThat(download(tidings.api(), eve, id).status()).isEqualTo(404);
    assertThat(download(tidings.api(), bob, id).status()).as("the reader kept the grant").isEqualTo(200);
  }

  @Test
  void anUnknownUserOrFileIsNotFound() {
    TestUser ada = tidings.newUser("Ada");
    String id = uploaded(tidings.api(), ada, "x.bin", randomBytes(1000, 73)).getString("id");

    Response unknownUser = put(ada, id, UUID.randomUUID().toString());
    assertThat(unknownUser.status()).isEqualTo(404);
    assertThat(unknownUser.error()).isEqualTo("not_found");
    assertThat(put(ada, id, "not-a-uuid").status()).isEqualTo(404);
    assertThat(remove(ada, id, UUID.randomUUID().toString()).status()).isEqualTo(404);
    assertThat(put(ada, UUID.randomUUID().toString(), ada.id()).status()).isEqualTo(404);
    assertThat(meta(ada, id).getJsonArray("readers")).isEmpty();
    assertThat(tidings.api().put("/files/" + id + "/readers/" + ada.id(), null, null).status()).isEqualTo(401);
  }

  private static Response put(TestUser caller, String fileId, String userId) {
    return tidings.api().put("/files/" + fileId + "/readers/" + userId, caller.token(), null);
  }

  private static Response remove(TestUser caller, String fileId, String userId) {
    return tidings.api().delete("/files/" + fileId + "/readers/" + userId, caller.token());
  }

  private static JsonObject meta(TestUser caller, String fileId) {
    Response response = tidings.api().get("/files/" + fileId + "/meta", caller.token());
    assertThat(response.status()).isEqualTo(200);
    return response.json();
  }
}
