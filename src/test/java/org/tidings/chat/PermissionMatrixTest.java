package org.tidings.chat;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.tidings.testing.Api;
import org.tidings.testing.Response;
import org.tidings.testing.TestUser;
import org.tidings.testing.TidingsServer;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Each role × each action × each room type: allowed, forbidden ({@code 403}) or, for people
 * outside the room, not found ({@code 404}). Every case runs in a fresh room.
 */
class PermissionMatrixTest {

  @RegisterExtension
  static TidingsServer tidings = new TidingsServer();

  enum Action { SEND, EDIT_OWN, DELETE_OWN, DELETE_ANY, INVITE, KICK, MANAGE_ROLES, DEFINE_ROLE, RENAME }

  /** The custom role of the matrix: a moderator who may talk, delete anything and kick, nothing else. */
  static final List<String> MODERATOR = List.of("send", "delete_any", "kick");

  static final Map<String, Set<Action>> ALLOWED_IN_GROUPS = Map.of(
    "owner", Set.of(Action.values()),
    "admin", Set.of(Action.SEND, Action.EDIT_OWN, Action.DELETE_OWN, Action.DELETE_ANY, Action.INVITE, Action.KICK,
      Action.RENAME),
    "member", Set.of(Action.SEND, Action.EDIT_OWN, Action.DELETE_OWN),
    "moderator", Set.of(Action.SEND, Action.DELETE_OWN, Action.DELETE_ANY, Action.KICK),
    "outsider", Set.of());

  /** Both sides of a dialog are plain members, and nobody manages a dialog. */
  static final Map<String, Set<Action>> ALLOWED_IN_DIALOGS = Map.of(
    "member", Set.of(Action.SEND, Action.EDIT_OWN, Action.DELETE_OWN),
    "outsider", Set.of());

  static Api api;
  static Map<String, TestUser> people;
  static TestUser target;
  static TestUser invitee;

  @BeforeAll
  static void users() {
    api = tidings.api();
    people = Map.of("owner", tidings.newUser("Owner"), "admin", tidings.newUser("Admin"), "member", tidings.newUser("Member"),
      "moderator", tidings.newUser("Moderator"), "outsider", tidings.newUser("Outsider"));
    target = tidings.newUser("Target");
    invitee = tidings.newUser("Invitee");
  }

  static Stream<Arguments> cases() {
    List<Arguments> cases = new ArrayList<>();
    for (String type : List.of("group", "secret")) {
      ALLOWED_IN_GROUPS.forEach((role, allowed) -> {
        for (Action action : Action.values()) {
          cases.add(Arguments.of(type, role, action, role.equals("outsider") ? 404 : allowed.contains(action) ? 0 : 403));
        }
      });
    }
    ALLOWED_IN_DIALOGS.forEach((role, allowed) -> {
      for (Action action : Action.values()) {
        cases.add(Arguments.of("dialog", role, action, role.equals("outsider") ? 404 : allowed.contains(action) ? 0 : 403));
      }
    });
    return cases.stream();
  }

  /** {@code expected} is 0 for "allowed", else the refusal's status. */
  @ParameterizedTest(name = "{1} in a {0}: {2} -> {3}")
  @MethodSource("cases")
  void eachRoleMayDoExactlyWhatItsPermissionsSay(String type, String role, Action action, int expected) {
    TestUser actor = people.get(role);
    String roomId = type.equals("dialog") ? dialog(role) : room(type);
    TestUser author = role.equals("outsider") ? people.get("owner") : actor;
    long ownSeq = type.equals("dialog") && role.equals("outsider") ? send(target, roomId) : send(author, roomId);
    long othersSeq = send(target, roomId);

    Response answer = switch (action) {
      case SEND -> api.post("/rooms/" + roomId + "/messages", actor.token(), new JsonObject().put("text", "hello"));
      case EDIT_OWN -> api.patch("/rooms/" + roomId + "/messages/" + ownSeq, actor.token(), new JsonObject().put("text", "edited"));
      case DELETE_OWN -> api.delete("/rooms/" + roomId + "/messages/" + ownSeq, actor.token());
      case DELETE_ANY -> api.delete("/rooms/" + roomId + "/messages/" + othersSeq, actor.token());
      case INVITE -> api.post("/rooms/" + roomId + "/members", actor.token(), new JsonObject().put("userId", invitee.id()));
      case KICK -> api.delete("/rooms/" + roomId + "/members/" + target.id(), actor.token());
      case MANAGE_ROLES -> api.patch("/rooms/" + roomId + "/members/" + target.id(), actor.token(),
        new JsonObject().put("role", "admin"));
      case DEFINE_ROLE -> api.put("/rooms/" + roomId + "/roles/helper", actor.token(),
        new JsonObject().put("permissions", new JsonArray().add("send")));
      case RENAME -> api.patch("/rooms/" + roomId, actor.token(), new JsonObject().put("name", "renamed"));
    };

    if (expected == 0) {
      assertThat(answer.status()).as(answer.toString()).isBetween(200, 299);
    } else {
      assertThat(answer.status()).as(answer.toString()).isEqualTo(expected);
      assertThat(answer.error()).isEqualTo(expected == 403 ? "forbidden" : "not_found");
    }
  }

  private static String room(String type) {
    TestUser owner = people.get("owner");
    JsonArray members = new JsonArray().add(people.get("admin").id()).add(people.get("member").id())
      .add(people.get("moderator").id()).add(target.id());
    Response created = api.post("/rooms", owner.token(), new JsonObject().put("name", "matrix").put("type", type).put("members", members));
    assertThat(created.status()).isEqualTo(201);
    String roomId = created.json().getString("id");
    expect(api.put("/rooms/" + roomId + "/roles/moderator", owner.token(),
      new JsonObject().put("permissions", new JsonArray(MODERATOR))), 204);
    expect(api.patch("/rooms/" + roomId + "/members/" + people.get("admin").id(), owner.token(),
      new JsonObject().put("role", "admin")), 204);
    expect(api.patch("/rooms/" + roomId + "/members/" + people.get("moderator").id(), owner.token(),
      new JsonObject().put("role", "moderator")), 204);
    return roomId;
  }

  /** The matrix's dialog is between the actor (or, for an outsider, the owner) and the target. */
  private static String dialog(String role) {
    TestUser side = role.equals("outsider") ? people.get("owner") : people.get(role);
    Response opened = api.post("/dialogs", side.token(), new JsonObject().put("userId", target.id()));
    assertThat(opened.status()).isEqualTo(200);
    return opened.json().getString("id");
  }

  private static long send(TestUser sender, String roomId) {
    Response sent = api.post("/rooms/" + roomId + "/messages", sender.token(), new JsonObject().put("text", "setup"));
    assertThat(sent.status()).as(sent.toString()).isEqualTo(201);
    return sent.json().getLong("seq");
  }

  private static void expect(Response response, int status) {
    assertThat(response.status()).as(response.toString()).isEqualTo(status);
  }
}
