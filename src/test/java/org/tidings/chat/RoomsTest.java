package org.tidings.chat;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.tidings.testing.Api;
import org.tidings.testing.Response;
import org.tidings.testing.TestUser;
import org.tidings.testing.TidingsServer;

import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** Rooms, dialogs, members and roles through the HTTP API. */
class RoomsTest {

  @RegisterExtension
  static TidingsServer tidings = new TidingsServer();

  static Api api;
  static ChatClient chat;
  static TestUser alice;
  static TestUser bob;
  static TestUser carol;
  static TestUser dave;

  @BeforeAll
  static void users() {
    api = tidings.api();
    chat = new ChatClient(api);
    alice = tidings.newUser("Alice");
    bob = tidings.newUser("Bob");
    carol = tidings.newUser("Carol");
    dave = tidings.newUser("Dave");
  }

  @Test
  void creatingAGroupMakesTheCallerOwnerAndTheNamedUsersMembers() {
    JsonObject room = chat.createRoom(alice, "group", bob);
    assertThat(room.getString("type")).isEqualTo("group");
    assertThat(room.getString("name")).isEqualTo("room of Alice");
    assertThat(room.getString("role")).isEqualTo("owner");
    assertThat(room.getBoolean("muted")).isFalse();
    assertThat(room.getLong("lastSeq")).isZero();
    assertThat(room.getLong("readSeq")).isZero();
    assertThat(room.getLong("unread")).isZero();
    assertThat(room.getString("createdAt")).isNotBlank();

    JsonObject asBob = chat.room(bob, room.getString("id"));
    assertThat(asBob.getString("role")).isEqualTo("member");
    JsonArray members = api.get("/rooms/" + room.getString("id") + "/members", bob.token()).array();
    assertThat(members.stream().map(m -> ((JsonObject) m).getString("displayName"))).containsExactlyInAnyOrder("Alice", "Bob");
    assertThat(members.stream().map(m -> ((JsonObject) m).getString("role"))).containsExactlyInAnyOrder("owner", "member");
  }

  @Test
  void roomsAreNotFoundForNonMembersAndForIdsThatNameNoRoom() {
    String roomId = chat.group(alice, bob);
    for (String path : List.of("/rooms/" + roomId, "/rooms/" + roomId + "/members", "/rooms/" + roomId + "/messages")) {
      assertThat(api.get(path, carol.token()).status()).as(path).isEqualTo(404);
    }
    assertThat(api.patch("/rooms/" + roomId, carol.token(), new JsonObject().put("name", "mine")).error()).isEqualTo("not_found");
    assertThat(api.post("/rooms/" + roomId + "/messages", carol.token(), new JsonObject().put("text", "hi")).status()).isEqualTo(404);
    assertThat(api.post("/rooms/" + roomId + "/members", carol.token(), new JsonObject().put("userId", carol.id())).status())
      .isEqualTo(404);
    assertThat(api.get("/rooms/" + UUID.randomUUID(), alice.token()).error()).isEqualTo("not_found");
    assertThat(api.get("/rooms/not-a-room", alice.token()).error()).isEqualTo("not_found");
    assertThat(api.get("/rooms", null).status()).isEqualTo(401);
  }

  @Test
  void creatingARoomRejectsBadInput() {
    assertThat(api.post("/rooms", alice.token(), new JsonObject().put("type", "group")).error()).isEqualTo("bad_request");
    assertThat(api.post("/rooms", alice.token(), new JsonObject().put("name", "x").put("type", "dialog")).error())
      .isEqualTo("bad_request");
    assertThat(api.post("/rooms", alice.token(), new JsonObject().put("name", 5).put("type", "group")).json().getString("message"))
      .contains("name");
    assertThat(api.post("/rooms", alice.token(), new JsonObject().put("name", " ").put("type", "group")).status()).isEqualTo(400);
    assertThat(api.post("/rooms", alice.token(), new JsonObject().put("name", "x").put("type", "group").put("members", "bob"))
      .status()).isEqualTo(400);
    assertThat(api.post("/rooms", alice.token(), new JsonObject().put("name", "x").put("type", "group")
      .put("members", new JsonArray().add(UUID.randomUUID().toString()))).status()).isEqualTo(400);
    assertThat(api.post("/rooms", alice.token(), "{not json").status()).isEqualTo(400);
  }

  @Test
  void aDialogIsOneRoomPerPairNamedAfterTheOtherPerson() {
    Response first = api.post("/dialogs", alice.token(), new JsonObject().put("userId", dave.id()));
    assertThat(first.status()).isEqualTo(200);
    Response again = api.post("/dialogs", dave.token(), new JsonObject().put("userId", alice.id()));
    assertThat(again.json().getString("id")).isEqualTo(first.json().getString("id"));
    assertThat(first.json().getString("type")).isEqualTo("dialog");
    assertThat(first.json().getString("name")).isEqualTo("Dave");
    assertThat(again.json().getString("name")).isEqualTo("Alice");
    assertThat(first.json().getString("peerId")).isEqualTo(dave.id());

    assertThat(api.post("/dialogs", alice.token(), new JsonObject().put("userId", alice.id())).status()).isEqualTo(400);
    assertThat(api.post("/dialogs", alice.token(), new JsonObject().put("userId", UUID.randomUUID().toString())).error())
      .isEqualTo("not_found");
    assertThat(api.post("/dialogs", alice.token(), new JsonObject()).error()).isEqualTo("bad_request");
  }

  @Test
  void aDialogCannotBeLeftRenamedOrJoined() {
    String dialogId = api.post("/dialogs", bob.token(), new JsonObject().put("userId", carol.id())).json().getString("id");
    assertThat(api.delete("/rooms/" + dialogId + "/members/" + bob.id(), bob.token()).error()).isEqualTo("forbidden");
    assertThat(api.delete("/rooms/" + dialogId + "/members/" + carol.id(), bob.token()).error()).isEqualTo("forbidden");
    assertThat(api.patch("/rooms/" + dialogId, bob.token(), new JsonObject().put("name", "us")).error()).isEqualTo("forbidden");
    assertThat(api.post("/rooms/" + dialogId + "/members", bob.token(), new JsonObject().put("userId", dave.id())).error())
      .isEqualTo("forbidden");
    assertThat(api.put("/rooms/" + dialogId + "/roles/friend", bob.token(),
      new JsonObject().put("permissions", new JsonArray().add("send"))).error()).isEqualTo("forbidden");
    chat.send(bob, dialogId, "hello Carol");
  }

  @Test
  void roomsAreListedMostRecentActivityFirstInPages() {
    TestUser erin = tidings.newUser("Erin");
    String older = chat.group(erin);
    String newer = chat.group(erin);
    String oldest = chat.group(erin);
    chat.send(erin, older, "1");
    chat.send(erin, newer, "2");
    JsonArray rooms = api.get("/rooms", erin.token()).array();
    assertThat(rooms.stream().map(r -> ((JsonObject) r).getString("id"))).containsExactly(newer, older, oldest);

    JsonArray firstPage = api.get("/rooms?limit=2", erin.token()).array();
    assertThat(firstPage.stream().map(r -> ((JsonObject) r).getString("id"))).containsExactly(newer, older);
    JsonArray secondPage = api.get("/rooms?limit=2&before=" + older, erin.token()).array();
    assertThat(secondPage.stream().map(r -> ((JsonObject) r).getString("id"))).containsExactly(oldest);
    assertThat(api.get("/rooms?limit=0", erin.token()).status()).isEqualTo(400);
    assertThat(api.get("/rooms?before=nope", erin.token()).status()).isEqualTo(400);
  }

  @Test
  void renamingIsStoredAsAnEventInTheTimeline() {
    String roomId = chat.group(alice, bob);
    Response renamed = api.patch("/rooms/" + roomId, alice.token(), new JsonObject().put("name", "Plans"));
    assertThat(renamed.status()).isEqualTo(200);
    assertThat(renamed.json().getString("name")).isEqualTo("Plans");
    assertThat(api.patch("/rooms/" + roomId, bob.token(), new JsonObject().put("name", "Mine")).error()).isEqualTo("forbidden");

    JsonObject event = chat.history(bob, roomId, "").getJsonArray("messages").getJsonObject(0);
    assertThat(event.getString("type")).isEqualTo("event");
    assertThat(event.getString("event")).isEqualTo("room.renamed");
    assertThat(event.getString("text")).isEqualTo("Alice renamed the room to Plans");
    assertThat(event.getString("senderId")).isEqualTo(alice.id());
  }

  @Test
  void addingMembersChecksTheUserAndRefusesDuplicates() {
    String roomId = chat.group(alice, bob);
    Response added = api.post("/rooms/" + roomId + "/members", alice.token(), new JsonObject().put("userId", carol.id()));
    assertThat(added.status()).isEqualTo(201);
    assertThat(chat.room(carol, roomId).getString("role")).isEqualTo("member");
    assertThat(api.post("/rooms/" + roomId + "/members", alice.token(), new JsonObject().put("userId", carol.id())).error())
      .isEqualTo("already_member");
    assertThat(api.post("/rooms/" + roomId + "/members", alice.token(),
      new JsonObject().put("userId", UUID.randomUUID().toString())).error()).isEqualTo("not_found");
    assertThat(api.post("/rooms/" + roomId + "/members", alice.token(),
      new JsonObject().put("userId", dave.id()).put("role", "emperor")).status()).isEqualTo(400);
    assertThat(api.post("/rooms/" + roomId + "/members", bob.token(), new JsonObject().put("userId", dave.id())).error())
      .isEqualTo("forbidden");

    JsonObject joined = chat.history(alice, roomId, "").getJsonArray("messages").getJsonObject(0);
    assertThat(joined.getString("event")).isEqualTo("member.joined");
    assertThat(joined.getString("userId")).isEqualTo(carol.id());
    assertThat(joined.getString("text")).isEqualTo("Alice added Carol");
  }

  @Test
  void anAdminCannotKickAnOwnerButAnOwnerCanKickAnAdmin() {
    String roomId = chat.group(alice, bob, carol);
    chat.setRole(alice, roomId, bob, "admin");
    assertThat(api.delete("/rooms/" + roomId + "/members/" + alice.id(), bob.token()).error()).isEqualTo("forbidden");
    assertThat(api.delete("/rooms/" + roomId + "/members/" + carol.id(), bob.token()).status()).isEqualTo(204);
    assertThat(api.get("/rooms/" + roomId, carol.token()).status()).as("a kicked member no longer sees the room").isEqualTo(404);
    assertThat(api.delete("/rooms/" + roomId + "/members/" + carol.id(), bob.token()).error()).isEqualTo("not_found");
    assertThat(api.patch("/rooms/" + roomId + "/members/" + alice.id(), bob.token(), new JsonObject().put("role", "member"))
      .error()).as("admins do not manage roles").isEqualTo("forbidden");
    assertThat(api.delete("/rooms/" + roomId + "/members/" + bob.id(), alice.token()).status()).isEqualTo(204);
    JsonObject left = chat.history(alice, roomId, "").getJsonArray("messages").getJsonObject(2);
    assertThat(left.getString("event")).isEqualTo("member.left");
    assertThat(left.getString("text")).isEqualTo("Alice removed Bob");
  }

  @Test
  void theLastOwnerCannotLeaveUntilOwnershipIsHandedOn() {
    String roomId = chat.group(alice, bob);
    assertThat(api.delete("/rooms/" + roomId + "/members/" + alice.id(), alice.token()).error()).isEqualTo("forbidden");
    assertThat(api.patch("/rooms/" + roomId + "/members/" + alice.id(), alice.token(), new JsonObject().put("role", "member"))
      .error()).as("nor step down").isEqualTo("forbidden");
    chat.setRole(alice, roomId, bob, "owner");
    assertThat(api.delete("/rooms/" + roomId + "/members/" + alice.id(), alice.token()).status()).isEqualTo(204);
    assertThat(chat.room(bob, roomId).getString("role")).isEqualTo("owner");
    assertThat(api.delete("/rooms/" + roomId + "/members/" + bob.id(), bob.token()).status())
      .as("the last member may leave: there is nobody to hand it to").isEqualTo(204);
  }

  @Test
  void aCustomRoleGrantsExactlyItsPermissions() {
    String roomId = chat.group(alice, bob, carol);
    assertThat(api.put("/rooms/" + roomId + "/roles/editor", alice.token(),
      new JsonObject().put("permissions", new JsonArray().add("send").add("rename"))).status()).isEqualTo(204);
    chat.setRole(alice, roomId, bob, "editor");
    assertThat(chat.room(bob, roomId).getString("role")).isEqualTo("editor");
    assertThat(api.patch("/rooms/" + roomId, bob.token(), new JsonObject().put("name", "Edited")).status()).isEqualTo(200);
    assertThat(api.delete("/rooms/" + roomId + "/members/" + carol.id(), bob.token()).error()).isEqualTo("forbidden");

    assertThat(api.put("/rooms/" + roomId + "/roles/editor", alice.token(),
      new JsonObject().put("permissions", new JsonArray().add("send"))).status()).isEqualTo(204);
    assertThat(api.patch("/rooms/" + roomId, bob.token(), new JsonObject().put("name", "Again")).error()).isEqualTo("forbidden");

    assertThat(api.put("/rooms/" + roomId + "/roles/owner", alice.token(),
      new JsonObject().put("permissions", new JsonArray())).error()).isEqualTo("forbidden");
    assertThat(api.put("/rooms/" + roomId + "/roles/x", alice.token(),
      new JsonObject().put("permissions", new JsonArray().add("fly"))).error()).isEqualTo("bad_request");
    assertThat(api.put("/rooms/" + roomId + "/roles/Bad%20Name", alice.token(),
      new JsonObject().put("permissions", new JsonArray())).error()).isEqualTo("bad_request");
    assertThat(api.put("/rooms/" + roomId + "/roles/x", alice.token(), new JsonObject().put("permissions", "send")).error())
      .isEqualTo("bad_request");
    assertThat(api.put("/rooms/" + roomId + "/roles/x", carol.token(),
      new JsonObject().put("permissions", new JsonArray())).error()).isEqualTo("forbidden");
    assertThat(api.patch("/rooms/" + roomId + "/members/" + carol.id(), alice.token(), new JsonObject().put("role", "nobody"))
      .error()).isEqualTo("bad_request");
  }

  @Test
  void mutingIsTheCallersOwnSetting() {
    String roomId = chat.group(alice, bob);
    assertThat(api.patch("/rooms/" + roomId + "/membership", bob.token(), new JsonObject().put("muted", true)).status())
      .isEqualTo(204);
    assertThat(chat.room(bob, roomId).getBoolean("muted")).isTrue();
    assertThat(chat.room(alice, roomId).getBoolean("muted")).isFalse();
    assertThat(api.patch("/rooms/" + roomId + "/membership", bob.token(), new JsonObject().put("muted", "yes")).error())
      .isEqualTo("bad_request");
    assertThat(api.patch("/rooms/" + roomId + "/membership", carol.token(), new JsonObject().put("muted", true)).error())
      .isEqualTo("not_found");
  }

  @Test
  void healthReportsTheChatService() {
    JsonObject health = api.get("/health", null).json();
    assertThat(health.getJsonArray("checks").stream().map(c -> (JsonObject) c)
      .filter(c -> c.getString("name").equals("chat"))).singleElement()
      .satisfies(c -> assertThat(c.getString("status")).isEqualTo("UP"));
  }

  @Test
  void membersArePagedByUserId() {
    String roomId = chat.group(alice, bob, carol, dave);
    JsonArray first = api.get("/rooms/" + roomId + "/members?limit=3", bob.token()).array();
    assertThat(first).hasSize(3);
    String cursor = first.getJsonObject(2).getString("userId");
    JsonArray rest = api.get("/rooms/" + roomId + "/members?limit=3&after=" + cursor, bob.token()).array();
    assertThat(rest).hasSize(1);
    assertThat(rest.getJsonObject(0).getString("userId")).isGreaterThan(cursor);
    assertThat(api.get("/rooms/" + roomId + "/members?limit=500", bob.token()).status()).isEqualTo(400);
  }
}
