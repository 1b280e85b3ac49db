package org.tidings.chat;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.Tuple;
import org.tidings.bus.Call;
import org.tidings.bus.Failure;
import org.tidings.bus.Fields;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;

/** Rooms: creating them, the one dialog per pair, listing, renaming and defining roles. */
public final class Rooms {

  static final int MAX_NAME = 200;
  static final int MAX_INITIAL_MEMBERS = 1000;

  private final Pool pool;
  private final UserNames names;
  private final RoomEvents events;

  Rooms(Pool pool, UserNames names, RoomEvents events) {
    this.pool = pool;
    this.names = names;
    this.events = events;
  }

  /** The caller becomes owner; the people named become members, without timeline events (they are the room's start). */
  public Future<JsonObject> create(Call call) {
    UUID me = Inputs.caller(call);
    Fields fields = call.fields();
    String name = name(fields.string("name"));
    String type = fields.string("type");
    if (!type.equals("group") && !type.equals("secret")) {
      throw Failure.badRequest("type must be group or secret");
    }
    List<UUID> invited = memberIds(fields.optionalArray("members"), me);
    return names.of(invited)
      .compose(found -> {
        if (found.size() < invited.size()) {
          return Future.failedFuture(Failure.badRequest("members names someone who is not a user"));
        }
        return pool.withTransaction(conn -> conn.preparedQuery(ChatQueries.INSERT_ROOM)
          .execute(Tuple.of(name, type, Permissions.newRoomData(), null))
          .map(rows -> rows.iterator().next().getUUID("id"))
          .compose(roomId -> conn.preparedQuery(ChatQueries.INSERT_MEMBER).execute(Tuple.of(roomId, me, Permissions.OWNER))
            .compose(ignored -> conn.preparedQuery(ChatQueries.INSERT_MEMBERS)
              .execute(Tuple.of(roomId, invited.toArray(UUID[]::new), Permissions.MEMBER)))
            .map(roomId)));
      })
      .compose(roomId -> {
        invited.forEach(userId -> events.toUser(userId, roomId, "member.joined"));
        return view(me, roomId);
      });
  }

  /** The one dialog of the pair, made on first call; concurrent first calls meet on the unique dialog key. */
  public Future<JsonObject> dialog(Call call) {
    UUID me = Inputs.caller(call);
    UUID peer = call.fields().id("userId");
    if (peer.equals(me)) {
      throw Failure.badRequest("userId must be someone else");
    }
    String key = me.toString().compareTo(peer.toString()) < 0 ? me + ":" + peer : peer + ":" + me;
    return names.of(List.of(peer))
      .compose(found -> found.containsKey(peer)
        ? Future.succeededFuture()
        : Future.failedFuture(Failure.notFound("No such user")))
      .compose(ignored -> pool.withTransaction(conn -> conn.preparedQuery(ChatQueries.INSERT_ROOM)
        .execute(Tuple.of("", "dialog", Permissions.newRoomData(), key))
        .compose(rows -> {
          if (rows.size() == 0) {
            return conn.preparedQuery(ChatQueries.ROOM_BY_DIALOG_KEY).execute(Tuple.of(key))
              .map(existing -> new OpenedDialog(existing.iterator().next().getUUID("id"), false));
          }
          UUID roomId = rows.iterator().next().getUUID("id");
          return conn.preparedQuery(ChatQueries.INSERT_MEMBERS)
            .execute(Tuple.of(roomId, new UUID[] {me, peer}, Permissions.MEMBER))
            .map(new OpenedDialog(roomId, true));
        })))
      .compose(dialog -> {
        if (dialog.created()) {
          events.toUser(me, dialog.roomId(), "member.joined");
          events.toUser(peer, dialog.roomId(), "member.joined");
        }
        return view(me, dialog.roomId());
      });
  }

  private record OpenedDialog(UUID roomId, boolean created) {
  }

  public Future<JsonArray> list(Call call) {
    UUID me = Inputs.caller(call);
    Fields fields = call.fields();
    int limit = Inputs.limit(fields);
    UUID before = Inputs.cursor(fields, "before");
    return pool.preparedQuery(ChatQueries.ROOM_LIST).execute(Tuple.of(me, before, limit))
      .compose(this::views)
      .map(JsonArray::new);
  }

  public Future<JsonObject> get(Call call) {
    return view(Inputs.caller(call), call.fields().id("roomId"));
  }

  public Future<JsonObject> update(Call call) {
    UUID me = Inputs.caller(call);
    Fields fields = call.fields();
    UUID roomId = fields.id("roomId");
    String newName = fields.optionalString("name");
    if (newName == null) {
      return view(me, roomId);
    }
    String name = name(newName);
    return names.of(List.of(me))
      .compose(found -> pool.withTransaction(conn -> conn.preparedQuery(ChatQueries.ACCESS_FOR_UPDATE)
        .execute(Tuple.of(roomId, me))
        .map(rows -> Access.of(roomId, me, rows).require(Permissions.RENAME))
        .compose(access -> {
          if (access.name().equals(name)) {
            return Future.<Message>succeededFuture(null);
          }
          return conn.preparedQuery(ChatQueries.RENAME_ROOM).execute(Tuple.of(roomId, name))
            .compose(ignored -> Timeline.event(conn, roomId, me, "room.renamed",
              found.getOrDefault(me, "Someone") + " renamed the room to " + name, new JsonObject().put("name", name)));
        })))
      .compose(event -> {
        if (event != null) {
          events.message("message.new", event);
          events.toRoom(roomId, "room.updated", new JsonObject().put("name", name));
        }
        return view(me, roomId);
      });
  }

  /** {@code PUT /rooms/{id}/roles/{name}}: defines or redefines a custom role; the built-in three stay as API.md has them. */
  public Future<Void> defineRole(Call call) {
    UUID me = Inputs.caller(call);
    Fields fields = call.fields();
    UUID roomId = fields.id("roomId");
    String role = Permissions.roleName(fields.optionalString("name"));
    List<String> permissions = Permissions.permissionList(fields.optionalArray("permissions"));
    return names.of(List.of(me))
      .compose(found -> pool.withTransaction(conn -> conn.preparedQuery(ChatQueries.ACCESS_FOR_UPDATE)
        .execute(Tuple.of(roomId, me))
        .map(rows -> Access.of(roomId, me, rows).require(Permissions.MANAGE_ROLES))
        .compose(access -> {
          if (Permissions.BUILT_IN.contains(role)) {
            return Future.failedFuture(Failure.forbidden("The built-in roles cannot be changed"));
          }
          JsonObject data = Permissions.withRole(access.data(), role, permissions);
          return conn.preparedQuery(ChatQueries.SET_ROOM_DATA).execute(Tuple.of(roomId, data))
            .compose(ignored -> Timeline.event(conn, roomId, me, "role.defined",
              found.getOrDefault(me, "Someone") + " set the role " + role + " to " + String.join(", ", permissions),
              new JsonObject().put("role", role).put("permissions", new JsonArray(permissions))))
            .map(event -> new Defined(event, data.getJsonArray("roles")));
        })))
      .map(defined -> {
        events.message("message.new", defined.event());
        events.toRoom(roomId, "room.updated", new JsonObject().put("roles", defined.roles()));
        return null;
      });
  }

  private record Defined(Message event, JsonArray roles) {
  }

  /** {@code chat.rooms.ids}: the rooms the caller belongs to, for the live bridge's registrations. */
  public Future<JsonObject> roomIds(Call call) {
    return pool.preparedQuery(ChatQueries.ROOM_IDS).execute(Tuple.of(Inputs.caller(call)))
      .map(rows -> {
        JsonArray ids = new JsonArray();
        rows.forEach(row -> ids.add(row.getUUID("room_id").toString()));
        return new JsonObject().put("roomIds", ids);
      });
  }

  /** {@code chat.is-member}: an id that is not a room is simply not one the caller is in. */
  public Future<JsonObject> isMember(Call call) {
    UUID me = Inputs.caller(call);
    String roomId = call.fields().string("roomId");
    UUID room;
    try {
      room = UUID.fromString(roomId);
    } catch (IllegalArgumentException e) {
      return Future.succeededFuture(new JsonObject().put("member", false));
    }
    return pool.preparedQuery(ChatQueries.IS_MEMBER).execute(Tuple.of(room, me))
      .map(rows -> new JsonObject().put("member", rows.size() > 0));
  }

  Future<JsonObject> view(UUID me, UUID roomId) {
    return pool.preparedQuery(ChatQueries.ROOM_VIEW).execute(Tuple.of(me, roomId))
      .compose(rows -> {
        if (rows.size() == 0) {
          return Future.failedFuture(Failure.notFound("No such room"));
        }
        return views(rows).map(List::getFirst);
      });
  }

  /** One name lookup per page, for the dialogs in it. */
  private Future<List<JsonObject>> views(RowSet<Row> rows) {
    List<RoomView> rooms = new ArrayList<>();
    rows.forEach(row -> rooms.add(RoomView.of(row)));
    List<UUID> peers = rooms.stream().map(RoomView::peerId).filter(Objects::nonNull).distinct().toList();
    return names.of(peers).map(found -> rooms.stream().map(room -> room.json(found)).toList());
  }

  static String name(String name) {
    String stripped = name.strip();
    if (stripped.isEmpty() || stripped.codePointCount(0, stripped.length()) > MAX_NAME
      || stripped.codePoints().anyMatch(Character::isISOControl)) {
      throw Failure.badRequest("name must be 1 to " + MAX_NAME + " printable characters");
    }
    return stripped;
  }

  private static List<UUID> memberIds(JsonArray given, UUID me) {
    if (given == null) {
      return List.of();
    }
    if (given.size() > MAX_INITIAL_MEMBERS) {
      throw Failure.badRequest("members can name at most " + MAX_INITIAL_MEMBERS + " users");
    }
    Set<UUID> ids = new LinkedHashSet<>();
    for (Object value : given) {
      if (!(value instanceof String id)) {
        throw Failure.badRequest("members must be an array of user ids");
      }
      try {
        ids.add(UUID.fromString(id));
      } catch (IllegalArgumentException e) {
        throw Failure.badRequest("members must be an array of user ids");
      }
    }
    ids.remove(me);
    return List.copyOf(ids);
  }
}
