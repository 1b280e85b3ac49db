package org.tidings.chat;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.tidings.testing.Api;
import org.tidings.testing.Response;
import org.tidings.testing.TestUser;

import java.util.Arrays;

import static org.assertj.core.api.Assertions.assertThat;

/** The chat calls tests make over and over, through the HTTP API, asserting the happy status. */
final class ChatClient {

  private final Api api;

  ChatClient(Api api) {
    this.api = api;
  }

  JsonObject createRoom(TestUser owner, String type, TestUser... members) {
    JsonArray ids = new JsonArray(Arrays.stream(members).map(TestUser::id).toList());
    Response created = api.post("/rooms", owner.token(),
      new JsonObject().put("name", "room of " + owner.displayName()).put("type", type).put("members", ids));
    assertThat(created.status()).as(created.toString()).isEqualTo(201);
    return created.json();
  }

  String group(TestUser owner, TestUser... members) {
    return createRoom(owner, "group", members).getString("id");
  }

  JsonObject send(TestUser sender, String roomId, String text) {
    Response sent = api.post("/rooms/" + roomId + "/messages", sender.token(), new JsonObject().put("text", text));
    assertThat(sent.status()).as(sent.toString()).isEqualTo(201);
    return sent.json();
  }

  JsonObject history(TestUser reader, String roomId, String query) {
    Response page = api.get("/rooms/" + roomId + "/messages" + query, reader.token());
    assertThat(page.status()).as(page.toString()).isEqualTo(200);
    return page.json();
  }

  JsonObject room(TestUser reader, String roomId) {
    Response room = api.get("/rooms/" + roomId, reader.token());
    assertThat(room.status()).as(room.toString()).isEqualTo(200);
    return room.json();
  }

  void setRole(TestUser owner, String roomId, TestUser member, String role) {
    Response changed = api.patch("/rooms/" + roomId + "/members/" + member.id(), owner.token(),
      new JsonObject().put("role", role));
    assertThat(changed.status()).as(changed.toString()).isEqualTo(204);
  }
}
