package org.tidings.chat;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import org.tidings.bus.Call;
import org.tidings.bus.Failure;
import org.tidings.bus.Fields;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Who is in a room and with which role: invites, leaving, kicking, role changes and the
 * member's own settings. Changes to one room's membership hold its row, so two of them never
 * interleave (the "last owner" rule depends on it).
 */
public final class Members {

  private final Pool pool;
  private final UserNames names;
  private final RoomEvents events;
  private final Unread unread;

  Members(Pool pool, UserNames names, RoomEvents events, Unread unread) {
    this.pool = pool;
    this.names = names;
    this.events = events;
    this.unread = unread;
  }

  /** {@code [{userId, displayName, role, muted, readSeq}]} by user id; {@code after} is the last id of the previous page. */
  public Future<JsonArray> list(Call call) {
    UUID me = Inputs.caller(call);
    Fields fields = call.fields();
    UUID roomId = fields.id("roomId");
    int limit = Inputs.limit(fields);
    UUID after = Inputs.cursor(fields, "after");
    return pool.preparedQuery(ChatQueries.ACCESS).execute(Tuple.of(roomId, me))
      .map(rows -> Access.of(roomId, me, rows))
      .compose(access -> pool.preparedQuery(ChatQueries.MEMBERS_PAGE).execute(Tuple.of(roomId, after, limit)))
      .compose(rows -> {
        List<Row> page = new ArrayList<>();
        rows.forEach(page::add);
        return names.of(page.stream().map(row -> row.getUUID("user_id")).toList())
          .map(found -> new JsonArray(page.stream().map(row -> member(row, found)).toList()));
      });
  }

  public Future<JsonObject> add(Call call) {
    UUID me = Inputs.caller(call);
    Fields fields = call.fields();
    UUID roomId = fields.id("roomId");
    UUID userId = fields.id("userId");
    String requested = fields.optionalString("role");
    String role = requested == null ? Permissions.MEMBER : Permissions.roleName(requested);
    return names.of(List.of(me, userId))
      .compose(found -> pool.withTransaction(conn -> lock(conn, roomId, me)
        .map(access -> {
          access.require(Permissions.INVITE);
          if (!role.equals(Permissions.MEMBER)) {
            access.require(Permissions.MANAGE_ROLES);
          }
          if (!found.containsKey(userId)) {
            throw Failure.notFound("No such user");
          }
          if (!Permissions.defines(access.data(), role)) {
            throw Failure.badRequest("role names no role of this room");
          }
          return access;
        })
        .compose(access -> conn.preparedQuery(ChatQueries.INSERT_MEMBER).execute(Tuple.of(roomId, userId, role)))
        .compose(rows -> rows.size() == 0
          ? Future.failedFuture(Failure.of(409, "already_member", "This user is already in the room"))
          : Timeline.event(conn, roomId, me, "member.joined",
            name(found, me) + " added " + name(found, userId), new JsonObject().put("userId", userId.toString())))))
      .map(event -> {
        events.message("message.new", event);
        events.toRoom(roomId, "member.joined", new JsonObject().put("userId", userId.toString()));
        events.toUser(userId, roomId, "member.joined");
        return new JsonObject().put("userId", userId.toString()).put("role", role).put("muted", false).put("readSeq", 0);
      });
  }

  /** Leaving when the target is the caller, kicking otherwise. */
  public Future<Void> remove(Call call) {
    UUID me = Inputs.caller(call);
    Fields fields = call.fields();
    UUID roomId = fields.id("roomId");
    UUID userId = fields.id("userId");
    boolean leaving = userId.equals(me);
    return names.of(List.of(me, userId))
      .compose(found -> pool.withTransaction(conn -> lock(conn, roomId, me)
        .compose(access -> leaving ? mayLeave(conn, access) : mayKick(conn, access, userId))
        .compose(ignored -> conn.preparedQuery(ChatQueries.DELETE_MEMBER).execute(Tuple.of(roomId, userId)))
        .compose(ignored -> Timeline.event(conn, roomId, me, "member.left",
          leaving ? name(found, me) + " left" : name(found, me) + " removed " + name(found, userId),
          new JsonObject().put("userId", userId.toString())))))
      .map(event -> {
        events.message("message.new", event);
        events.toRoom(roomId, "member.left", new JsonObject().put("userId", userId.toString()));
        events.toUser(userId, roomId, "member.left");
        return null;
      });
  }

  /** {@code PATCH /rooms/{id}/members/{userId}}: hands a role, ownership included. */
  public Future<Void> setRole(Call call) {
    UUID me = Inputs.caller(call);
    Fields fields = call.fields();
    UUID roomId = fields.id("roomId");
    UUID userId = fields.id("userId");
    String role = Permissions.roleName(fields.string("role"));
    return names.of(List.of(me, userId))
      .compose(found -> pool.withTransaction(conn -> lock(conn, roomId, me)
        .map(access -> {
          access.require(Permissions.MANAGE_ROLES);
          if (!Permissions.defines(access.data(), role)) {
            throw Failure.badRequest("role names no role of this room");
          }
          return access;
        })
        .compose(access -> roleOf(conn, roomId, userId))
        .compose(current -> {
          if (current.equals(role)) {
            return Future.<Message>succeededFuture(null);
          }
          Future<Void> allowed = current.equals(Permissions.OWNER) ? keepsAnOwner(conn, roomId, false) : Future.succeededFuture();
          return allowed
            .compose(ignored -> conn.preparedQuery(ChatQueries.SET_MEMBER_ROLE).execute(Tuple.of(roomId, userId, role)))
            .compose(ignored -> Timeline.event(conn, roomId, me, "member.role",
              name(found, me) + " made " + name(found, userId) + " " + role,
              new JsonObject().put("userId", userId.toString()).put("role", role)));
        })))
      .map(event -> {
        if (event != null) {
          events.message("message.new", event);
          events.toRoom(roomId, "room.updated", new JsonObject()
            .put("member", new JsonObject().put("userId", userId.toString()).put("role", role)));
        }
        return null;
      });
  }

  /** {@code PATCH /rooms/{id}/membership}: the caller's own settings for the room. */
  public Future<Void> updateOwn(Call call) {
    UUID me = Inputs.caller(call);
    Fields fields = call.fields();
    UUID roomId = fields.id("roomId");
    Boolean muted = fields.optionalBoolean("muted");
    return pool.preparedQuery(ChatQueries.ACCESS).execute(Tuple.of(roomId, me))
      .map(rows -> Access.of(roomId, me, rows))
      .compose(access -> muted == null
        ? Future.succeededFuture()
        // muting takes the room out of the unread summary and unmuting puts it back
        : pool.preparedQuery(ChatQueries.SET_MUTED).execute(Tuple.of(roomId, me, muted))
          .onSuccess(updated -> unread.memberChanged(me, roomId)))
      .mapEmpty();
  }

  private static Future<Access> lock(SqlConnection conn, UUID roomId, UUID me) {
    return conn.preparedQuery(ChatQueries.ACCESS_FOR_UPDATE).execute(Tuple.of(roomId, me))
      .map(rows -> Access.of(roomId, me, rows));
  }

  private static Future<Void> mayLeave(SqlConnection conn, Access access) {
    if (access.isDialog()) {
      return Future.failedFuture(Failure.forbidden("A dialog cannot be left"));
    }
    return access.isOwner() ? keepsAnOwner(conn, access.roomId(), true) : Future.succeededFuture();
  }

  private static Future<Void> mayKick(SqlConnection conn, Access access, UUID userId) {
    access.require(Permissions.KICK);
    return roleOf(conn, access.roomId(), userId).compose(role -> role.equals(Permissions.OWNER) && !access.isOwner()
      ? Future.failedFuture(Failure.forbidden("Only an owner can remove an owner"))
      : Future.succeededFuture());
  }

  /**
   * An owner may step down only while another owner stays; leaving is also allowed to the
   * last one when nobody else is left to hand the room to.
   */
  private static Future<Void> keepsAnOwner(SqlConnection conn, UUID roomId, boolean leaving) {
    return conn.preparedQuery(ChatQueries.HEAD_COUNT).execute(Tuple.of(roomId)).compose(rows -> {
      Row row = rows.iterator().next();
      boolean alone = row.getLong("members") <= 1;
      if (row.getLong("owners") <= 1 && !(leaving && alone)) {
        return Future.failedFuture(Failure.forbidden("Hand ownership to another member first"));
      }
      return Future.succeededFuture();
    });
  }

  private static Future<String> roleOf(SqlConnection conn, UUID roomId, UUID userId) {
    return conn.preparedQuery(ChatQueries.MEMBER_ROLE).execute(Tuple.of(roomId, userId)).map(rows -> {
      if (rows.size() == 0) {
        throw Failure.notFound("No such member");
      }
      return rows.iterator().next().getString("role");
    });
  }

  private static JsonObject member(Row row, Map<UUID, String> names) {
    UUID userId = row.getUUID("user_id");
    return new JsonObject()
      .put("userId", userId.toString())
      .put("displayName", names.getOrDefault(userId, ""))
      .put("role", row.getString("role"))
      .put("muted", row.getJsonObject("data").getBoolean("is_muted", false))
      .put("readSeq", row.getLong("read_seq"));
  }

  private static String name(Map<UUID, String> names, UUID userId) {
    return names.getOrDefault(userId, "Someone");
  }
}
