package org.tidings.chat;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.tidings.db.DatabaseUrl;
import org.tidings.testing.Api;
import org.tidings.testing.Response;
import org.tidings.testing.TestUser;
import org.tidings.testing.TidingsServer;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.UUID;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

/** Sending, history, edits, deletes, read state and forwarding through the HTTP API. */
class MessagesTest {

  @RegisterExtension
  static TidingsServer tidings = new TidingsServer();

  static Api api;
  static ChatClient chat;
  static TestUser alice;
  static TestUser bob;
  static TestUser carol;

  @BeforeAll
  static void users() {
    api = tidings.api();
    chat = new ChatClient(api);
    alice = tidings.newUser("Alice");
    bob = tidings.newUser("Bob");
    carol = tidings.newUser("Carol");
  }

  @Test
  void sendingStoresTheMessageUnderTheRoomsNextSeq() {
    String roomId = chat.group(alice, bob);
    JsonObject first = chat.send(alice, roomId, "hello");
    JsonObject second = chat.send(bob, roomId, "hi");
    assertThat(first.getLong("seq")).isEqualTo(1);
    assertThat(second.getLong("seq")).isEqualTo(2);
    assertThat(first.getString("roomId")).isEqualTo(roomId);
    assertThat(first.getString("senderId")).isEqualTo(alice.id());
    assertThat(first.getString("type")).isEqualTo("message");
    assertThat(first.getString("status")).isEqualTo("sent");
    assertThat(first.getString("text")).isEqualTo("hello");
    assertThat(first.getString("sentAt")).isNotBlank();
    assertThat(first.containsKey("editedAt")).isFalse();
    assertThat(chat.room(alice, roomId).getLong("lastSeq")).isEqualTo(2);
  }

  @Test
  void sendingTwiceWithSameClientIdStoresOneMessage() {
    String roomId = chat.group(alice, bob);
    JsonObject body = new JsonObject().put("text", "once").put("clientId", "c-1");
    Response first = api.post("/rooms/" + roomId + "/messages", alice.token(), body);
    Response again = api.post("/rooms/" + roomId + "/messages", alice.token(), body);
    assertThat(first.status()).isEqualTo(201);
    assertThat(again.status()).isEqualTo(201);
    assertThat(again.json()).isEqualTo(first.json());
    assertThat(first.json().getString("clientId")).isEqualTo("c-1");
    JsonObject bobsOwn = api.post("/rooms/" + roomId + "/messages", bob.token(), body).json();
    assertThat(bobsOwn.getLong("seq")).as("clientIds are per sender").isEqualTo(2);
    assertThat(chat.send(alice, roomId, "next").getLong("seq")).as("no seq was lost to the repeat").isEqualTo(3);
  }

  @Test
  void emptyOversizedAndMistypedMessagesAreRejected() {
    String roomId = chat.group(alice);
    String path = "/rooms/" + roomId + "/messages";
    assertThat(api.post(path, alice.token(), new JsonObject()).error()).isEqualTo("bad_request");
    assertThat(api.post(path, alice.token(), new JsonObject().put("text", "")).error()).isEqualTo("bad_request");
    assertThat(api.post(path, alice.token(), new JsonObject().put("text", 42)).json().getString("message")).contains("text");
    assertThat(api.post(path, alice.token(), new JsonObject().put("text", "x").put("clientId", 7)).error())
      .isEqualTo("bad_request");
    assertThat(api.post(path, alice.token(), new JsonObject().put("text", "x".repeat(16_001))).error()).isEqualTo("bad_request");
    assertThat(api.post(path, alice.token(), new JsonObject().put("text", "x".repeat(16_000))).status()).isEqualTo(201);
    assertThat(api.post("/rooms/" + UUID.randomUUID() + "/messages", alice.token(), new JsonObject().put("text", "x")).error())
      .isEqualTo("not_found");
  }

  @Test
  void textWithTheNulCharacterIsABadRequestAndStoresNothing() {
    String roomId = chat.group(alice);
    String path = "/rooms/" + roomId + "/messages";
    long seq = chat.send(alice, roomId, "kept").getLong("seq");

    assertThat(api.post(path, alice.token(), new JsonObject().put("text", "a\0b")).json().getString("message"))
      .contains("text", "NUL");
    assertThat(api.post(path, alice.token(), new JsonObject().put("text", "x").put("clientId", "c\0")).error())
      .isEqualTo("bad_request");
    assertThat(api.patch(path + "/" + seq, alice.token(), new JsonObject().put("text", "a\0b")).error())
      .isEqualTo("bad_request");

    assertThat(chat.room(alice, roomId).getLong("lastSeq")).isEqualTo(seq);
    assertThat(api.get(path, alice.token()).json().getJsonArray("messages").getJsonObject(0).getString("text"))
      .isEqualTo("kept");
  }

  @Test
  void aFileTheSenderCannotReadIsNotFound() {
    String roomId = chat.group(alice);
    Response sent = api.post("/rooms/" + roomId + "/messages", alice.token(), new JsonObject().put("fileId", "no-such-file"));
    assertThat(sent.error()).isEqualTo("not_found");
    assertThat(chat.room(alice, roomId).getLong("lastSeq")).isZero();
  }

  @Test
  void aMemberWhoseRoleMayNotSendIsForbiddenAndStoresNothing() {
    String roomId = chat.group(alice, bob);
    assertThat(api.put("/rooms/" + roomId + "/roles/reader", alice.token(),
      new JsonObject().put("permissions", new JsonArray().add("edit_own"))).status()).isEqualTo(204);
    chat.setRole(alice, roomId, bob, "reader");
    String path = "/rooms/" + roomId + "/messages";
    long before = chat.room(alice, roomId).getLong("lastSeq");

    assertThat(api.post(path, bob.token(), new JsonObject().put("text", "may I?")).error()).isEqualTo("forbidden");
    assertThat(api.post(path, bob.token(), new JsonObject().put("fileId", "no-such-file")).error())
      .as("the role is judged before the file").isEqualTo("forbidden");
    assertThat(api.post(path, carol.token(), new JsonObject().put("text", "let me in")).error()).isEqualTo("not_found");
    assertThat(chat.room(alice, roomId).getLong("lastSeq")).isEqualTo(before);
    assertThat(chat.send(alice, roomId, "only me").getLong("seq")).as("no seq was taken by the refusals")
      .isEqualTo(before + 1);
  }

  @Test
  void historyIsForMembersOnly() {
    String roomId = chat.group(alice, bob);
    JsonObject empty = chat.history(bob, roomId, "");
    assertThat(empty.getJsonArray("messages")).isEmpty();
    assertThat(empty.getBoolean("more")).isFalse();
    chat.send(alice, roomId, "hello");
    assertThat(api.get("/rooms/" + roomId + "/messages", carol.token()).error()).isEqualTo("not_found");
    assertThat(api.get("/rooms/" + UUID.randomUUID() + "/messages", carol.token()).error()).isEqualTo("not_found");
  }

  @Test
  void historyPagesForwardAndBackInSeqOrder() {
    String roomId = chat.group(alice, bob);
    IntStream.rangeClosed(1, 7).forEach(i -> chat.send(alice, roomId, "m" + i));
    assertThat(seqs(chat.history(bob, roomId, ""))).containsExactly(1L, 2L, 3L, 4L, 5L, 6L, 7L);
    JsonObject firstThree = chat.history(bob, roomId, "?after=0&limit=3");
    assertThat(seqs(firstThree)).containsExactly(1L, 2L, 3L);
    assertThat(firstThree.getBoolean("more")).isTrue();
    JsonObject tail = chat.history(bob, roomId, "?after=6");
    assertThat(seqs(tail)).containsExactly(7L);
    assertThat(tail.getBoolean("more")).isFalse();
    JsonObject back = chat.history(bob, roomId, "?before=5&limit=3");
    assertThat(seqs(back)).containsExactly(2L, 3L, 4L);
    assertThat(back.getBoolean("more")).isTrue();
    JsonObject start = chat.history(bob, roomId, "?before=2");
    assertThat(seqs(start)).containsExactly(1L);
    assertThat(start.getBoolean("more")).isFalse();
    assertThat(seqs(chat.history(bob, roomId, "?limit=2"))).as("the newest page").containsExactly(6L, 7L);
    assertThat(seqs(chat.history(bob, roomId, "?after=7"))).isEmpty();
  }

  @Test
  void historyRejectsBadPagingValues() {
    String roomId = chat.group(alice);
    for (String query : List.of("?limit=-1", "?limit=0", "?limit=201", "?limit=99999999999999999999", "?limit=abc",
      "?after=-1", "?after=x", "?before=-5", "?before=1.5")) {
      Response page = api.get("/rooms/" + roomId + "/messages" + query, alice.token());
      assertThat(page.status()).as(query).isEqualTo(400);
      assertThat(page.error()).as(query).isEqualTo("bad_request");
    }
    assertThat(api.get("/rooms/" + roomId + "/messages?limit=200", alice.token()).status()).isEqualTo(200);
  }

  @Test
  void editingKeepsSentAtAndMarksTheMessageEdited() {
    String roomId = chat.group(alice, bob);
    JsonObject sent = chat.send(alice, roomId, "helo");
    Response edited = api.patch("/rooms/" + roomId + "/messages/1", alice.token(), new JsonObject().put("text", "hello"));
    assertThat(edited.status()).isEqualTo(200);
    assertThat(edited.json().getString("text")).isEqualTo("hello");
    assertThat(edited.json().getString("status")).isEqualTo("edited");
    assertThat(edited.json().getString("sentAt")).isEqualTo(sent.getString("sentAt"));
    assertThat(edited.json().getString("editedAt")).isNotBlank();
    assertThat(chat.history(bob, roomId, "").getJsonArray("messages").getJsonObject(0).getString("text")).isEqualTo("hello");

    assertThat(api.patch("/rooms/" + roomId + "/messages/1", bob.token(), new JsonObject().put("text", "mine")).error())
      .isEqualTo("forbidden");
    assertThat(api.patch("/rooms/" + roomId + "/messages/1", carol.token(), new JsonObject().put("text", "x")).error())
      .isEqualTo("not_found");
    assertThat(api.patch("/rooms/" + roomId + "/messages/99", alice.token(), new JsonObject().put("text", "x")).error())
      .isEqualTo("not_found");
    assertThat(api.patch("/rooms/" + roomId + "/messages/0", alice.token(), new JsonObject().put("text", "x")).error())
      .isEqualTo("not_found");
    assertThat(api.patch("/rooms/" + roomId + "/messages/one", alice.token(), new JsonObject().put("text", "x")).error())
      .isEqualTo("bad_request");
    assertThat(api.patch("/rooms/" + roomId + "/messages/1", alice.token(), new JsonObject().put("text", "x".repeat(16_001)))
      .error()).isEqualTo("bad_request");
    assertThat(api.patch("/rooms/" + roomId + "/messages/1", alice.token(), new JsonObject()).error()).isEqualTo("bad_request");

    api.patch("/rooms/" + roomId, alice.token(), new JsonObject().put("name", "renamed"));
    assertThat(api.patch("/rooms/" + roomId + "/messages/2", alice.token(), new JsonObject().put("text", "x")).error())
      .as("events are not editable").isEqualTo("forbidden");
    assertThat(api.delete("/rooms/" + roomId + "/messages/1", alice.token()).status()).isEqualTo(204);
    assertThat(api.patch("/rooms/" + roomId + "/messages/1", alice.token(), new JsonObject().put("text", "back")).error())
      .as("deleted messages are not editable").isEqualTo("forbidden");
  }

  @Test
  void deletingInAGroupKeepsTheSeqAndDropsTheContent() throws SQLException {
    String roomId = chat.group(alice, bob);
    chat.send(alice, roomId, "secret plan");
    chat.send(alice, roomId, "still here");
    assertThat(api.delete("/rooms/" + roomId + "/messages/1", bob.token()).error()).isEqualTo("forbidden");
    assertThat(api.delete("/rooms/" + roomId + "/messages/1", alice.token()).status()).isEqualTo(204);
    assertThat(api.delete("/rooms/" + roomId + "/messages/1", alice.token()).status()).as("again: nothing left to do").isEqualTo(204);

    JsonArray messages = chat.history(bob, roomId, "").getJsonArray("messages");
    assertThat(messages).hasSize(2);
    JsonObject deleted = messages.getJsonObject(0);
    assertThat(deleted.getLong("seq")).isEqualTo(1);
    assertThat(deleted.getString("status")).isEqualTo("deleted");
    assertThat(deleted.containsKey("text")).isFalse();
    assertThat(rowData(roomId, 1)).isEqualTo("deleted {}");
  }

  @Test
  void deletingInASecretRoomRemovesTheRow() throws SQLException {
    String roomId = chat.createRoom(alice, "secret", bob).getString("id");
    chat.send(alice, roomId, "burn after reading");
    chat.send(bob, roomId, "ok");
    assertThat(api.delete("/rooms/" + roomId + "/messages/1", alice.token()).status()).isEqualTo(204);
    assertThat(seqs(chat.history(bob, roomId, ""))).containsExactly(2L);
    assertThat(rowData(roomId, 1)).isNull();
    assertThat(api.delete("/rooms/" + roomId + "/messages/1", alice.token()).error()).isEqualTo("not_found");
    assertThat(chat.send(alice, roomId, "next").getLong("seq")).as("seqs are never reused").isEqualTo(3);
  }

  @Test
  void adminsMayDeleteOthersMessagesMembersMayNot() {
    String roomId = chat.group(alice, bob, carol);
    chat.setRole(alice, roomId, bob, "admin");
    chat.send(carol, roomId, "spam");
    chat.send(alice, roomId, "owner's word");
    assertThat(api.delete("/rooms/" + roomId + "/messages/3", carol.token()).error()).isEqualTo("forbidden");
    assertThat(api.delete("/rooms/" + roomId + "/messages/2", bob.token()).status()).isEqualTo(204);
    assertThat(api.delete("/rooms/" + roomId + "/messages/3", bob.token()).status()).isEqualTo(204);
  }

  @Test
  void theReadPositionNeverMovesBackAndUnreadCountsFromIt() {
    String roomId = chat.group(alice, bob);
    IntStream.rangeClosed(1, 5).forEach(i -> chat.send(alice, roomId, "m" + i));
    chat.send(bob, roomId, "my own");
    assertThat(chat.room(bob, roomId).getLong("unread")).isEqualTo(5);
    assertThat(chat.room(alice, roomId).getLong("unread")).as("own messages are not unread").isEqualTo(1);

    assertThat(api.post("/rooms/" + roomId + "/read", bob.token(), new JsonObject().put("seq", 3)).status()).isEqualTo(204);
    assertThat(api.post("/rooms/" + roomId + "/read", bob.token(), new JsonObject().put("seq", 1)).status()).isEqualTo(204);
    JsonObject asBob = chat.room(bob, roomId);
    assertThat(asBob.getLong("readSeq")).isEqualTo(3);
    assertThat(asBob.getLong("unread")).isEqualTo(2);

    JsonArray members = api.get("/rooms/" + roomId + "/members", alice.token()).array();
    JsonObject bobSeen = members.stream().map(m -> (JsonObject) m).filter(m -> m.getString("userId").equals(bob.id()))
      .findFirst().orElseThrow();
    assertThat(bobSeen.getLong("readSeq")).as("members see how far others have read").isEqualTo(3);

    assertThat(api.post("/rooms/" + roomId + "/read", bob.token(), new JsonObject().put("seq", 7)).error()).isEqualTo("bad_request");
    assertThat(api.post("/rooms/" + roomId + "/read", bob.token(), new JsonObject().put("seq", -1)).error()).isEqualTo("bad_request");
    assertThat(api.post("/rooms/" + roomId + "/read", bob.token(), new JsonObject().put("seq", "three")).error())
      .isEqualTo("bad_request");
    assertThat(api.post("/rooms/" + roomId + "/read", carol.token(), new JsonObject().put("seq", 1)).error()).isEqualTo("not_found");
  }

  @Test
  void forwardingCopiesAMessageIntoAnotherRoomTheCallerMaySendTo() {
    String from = chat.group(alice, bob);
    String to = chat.group(bob);
    String carolsRoom = chat.group(carol, bob);
    chat.send(alice, from, "worth sharing");
    Response forwarded = api.post("/rooms/" + from + "/messages/1/forward", bob.token(), new JsonObject().put("toRoomId", to));
    assertThat(forwarded.status()).isEqualTo(201);
    JsonObject copy = forwarded.json();
    assertThat(copy.getString("roomId")).isEqualTo(to);
    assertThat(copy.getLong("seq")).isEqualTo(1);
    assertThat(copy.getString("senderId")).isEqualTo(bob.id());
    assertThat(copy.getString("text")).isEqualTo("worth sharing");
    assertThat(copy.getJsonObject("forwardedFrom").getString("senderId")).isEqualTo(alice.id());

    assertThat(api.post("/rooms/" + from + "/messages/1/forward", alice.token(), new JsonObject().put("toRoomId", to)).error())
      .as("alice is not in the target room").isEqualTo("not_found");
    assertThat(api.post("/rooms/" + from + "/messages/9/forward", bob.token(), new JsonObject().put("toRoomId", to)).error())
      .isEqualTo("not_found");
    assertThat(api.post("/rooms/" + from + "/messages/1/forward", bob.token(), new JsonObject()).error()).isEqualTo("bad_request");
    api.put("/rooms/" + carolsRoom + "/roles/reader", carol.token(), new JsonObject().put("permissions", new JsonArray()));
    chat.setRole(carol, carolsRoom, bob, "reader");
    assertThat(api.post("/rooms/" + from + "/messages/1/forward", bob.token(), new JsonObject().put("toRoomId", carolsRoom))
      .error()).as("a reader may not send there").isEqualTo("forbidden");
  }

  private static List<Long> seqs(JsonObject page) {
    return page.getJsonArray("messages").stream().map(m -> ((JsonObject) m).getLong("seq")).toList();
  }

  /** "status data" of the stored row, or null when there is no row. */
  static String rowData(String roomId, long seq) throws SQLException {
    DatabaseUrl db = tidings.database();
    try (Connection c = DriverManager.getConnection(db.jdbcUrl(), db.user(), db.password());
         PreparedStatement query = c.prepareStatement("SELECT status, data::text FROM chat.messages WHERE room_id = ?::uuid AND seq = ?")) {
      query.setString(1, roomId);
      query.setLong(2, seq);
      try (ResultSet rs = query.executeQuery()) {
        return rs.next() ? rs.getString(1) + " " + rs.getString(2) : null;
      }
    }
  }
}
