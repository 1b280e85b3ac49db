package org.tidings.chat;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import org.tidings.bus.Call;
import org.tidings.bus.Failure;
import org.tidings.bus.Fields;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.UUID;

/** A room's messages: sending (idempotent by clientId), history, edits, deletes and forwarding. */
public final class Messages {

  static final int MAX_CLIENT_ID = 100;

  private final Pool pool;
  private final CommitLanes commits;
  private final ContentFiles files;
  private final RoomEvents events;
  private final Unread unread;

  Messages(Pool pool, CommitLanes commits, ContentFiles files, RoomEvents events, Unread unread) {
    this.pool = pool;
    this.commits = commits;
    this.files = files;
    this.events = events;
    this.unread = unread;
  }

  /** {@code chat.send}: {@code {roomId, text?, fileId?, clientId?}}, from HTTP and from the live bridge alike. */
  public Future<JsonObject> send(Call call) {
    UUID me = Inputs.caller(call);
    Fields fields = call.fields();
    UUID roomId = fields.id("roomId");
    String text = Inputs.text(fields.optionalString("text"));
    String fileId = fields.optionalString("fileId");
    String clientId = fields.optionalString("clientId");
    if ((text == null || text.isEmpty()) && fileId == null) {
      throw Failure.badRequest("text or fileId is required");
    }
    if (clientId != null && (clientId.isEmpty() || clientId.length() > MAX_CLIENT_ID)) {
      throw Failure.badRequest("clientId must be 1 to " + MAX_CLIENT_ID + " characters");
    }
    JsonObject data = new JsonObject();
    if (text != null && !text.isEmpty()) {
      data.put("text", text);
    }
    if (fileId != null) {
      data.put("fileId", fileId);
    }
    if (fileId == null) {
      return store(roomId, me, data, clientId);
    }
    // the file is asked about only for a member who may send: nobody else learns whether it exists
    return access(roomId, me)
      .map(access -> access.require(Permissions.SEND))
      .compose(access -> files.requireReadable(fileId, me))
      .compose(ignored -> store(roomId, me, data, clientId));
  }

  /** {@code ?after=N} pages forward, {@code ?before=N} (or neither: the newest) pages back; always in seq order. */
  public Future<JsonObject> history(Call call) {
    UUID me = Inputs.caller(call);
    Fields fields = call.fields();
    UUID roomId = fields.id("roomId");
    Long after = fields.optionalInteger("after");
    Long before = fields.optionalInteger("before");
    int limit = Inputs.limit(fields);
    if (after != null && after < 0 || before != null && before < 0) {
      throw Failure.badRequest("after and before must not be negative");
    }
    boolean backwards = after == null;
    String query = backwards ? ChatQueries.HISTORY_DOWN : ChatQueries.HISTORY_UP;
    Tuple bounds = Tuple.of(roomId, after == null ? 0L : after, before == null ? Long.MAX_VALUE : before, limit + 1, me);
    return pool.preparedQuery(query).execute(bounds)
      .map(rows -> {
        if (rows.size() == 0) {
          throw Failure.notFound("No such room");
        }
        List<JsonObject> page = new ArrayList<>();
        for (Row row : rows) {
          if (row.getValue("seq") != null) {
            page.add(Message.of(row).json());
          }
        }
        boolean more = page.size() > limit;
        List<JsonObject> messages = new ArrayList<>(more ? page.subList(0, limit) : page);
        if (backwards) {
          Collections.reverse(messages);
        }
        return new JsonObject().put("messages", new JsonArray(messages)).put("more", more);
      });
  }

  /** Only the sender, with {@code edit_own}, and never an event or a deleted message; {@code sentAt} stays. */
  public Future<JsonObject> edit(Call call) {
    UUID me = Inputs.caller(call);
    Fields fields = call.fields();
    UUID roomId = fields.id("roomId");
    long seq = Inputs.seq(fields);
    String text = Inputs.text(fields.string("text"));
    return access(roomId, me)
      .compose(access -> message(roomId, seq).map(message -> {
        if (message.isEvent()) {
          throw Failure.forbidden("Events cannot be edited");
        }
        if (message.isDeleted()) {
          throw Failure.forbidden("A deleted message cannot be edited");
        }
        if (!message.senderId().equals(me)) {
          throw Failure.forbidden("Only the sender can edit a message");
        }
        access.require(Permissions.EDIT_OWN);
        if (text.isEmpty() && message.fileId() == null) {
          throw Failure.badRequest("text is required for a message without a file");
        }
        return message;
      }))
      .compose(message -> pool.preparedQuery(ChatQueries.EDIT).execute(Tuple.of(roomId, seq, me, text)))
      .map(rows -> {
        if (rows.size() == 0) {
          throw Failure.notFound("No such message");
        }
        Message edited = Message.of(rows.iterator().next());
        events.message("message.edited", edited);
        return edited.json();
      });
  }

  /** Secret rooms forget the row; elsewhere the message keeps its seq as {@code deleted}, its content dropped. */
  public Future<Void> delete(Call call) {
    UUID me = Inputs.caller(call);
    Fields fields = call.fields();
    UUID roomId = fields.id("roomId");
    long seq = Inputs.seq(fields);
    return access(roomId, me)
      .compose(access -> message(roomId, seq).compose(message -> {
        if (message.isDeleted()) {
          return Future.succeededFuture();
        }
        boolean own = message.senderId().equals(me) && !message.isEvent();
        if (!(own && access.can(Permissions.DELETE_OWN)) && !access.can(Permissions.DELETE_ANY)) {
          return Future.failedFuture(Failure.forbidden(own
            ? "Your role in this room does not allow delete_own"
            : "Only the sender or a member allowed delete_any can delete this"));
        }
        String statement = access.isSecret() ? ChatQueries.HARD_DELETE : ChatQueries.SOFT_DELETE;
        return pool.preparedQuery(statement).execute(Tuple.of(roomId, seq)).map(rows -> {
          if (rows.size() > 0) {
            events.message("message.deleted", new Message(roomId, seq, message.senderId(), message.type(), "deleted",
              new JsonObject(), null, message.sentAt(), null));
            unread.roomChanged(roomId);
          }
          return null;
        });
      }))
      .mapEmpty();
  }

  /** Copies a message into another room the caller may send to; its file becomes a new file record. */
  public Future<JsonObject> forward(Call call) {
    UUID me = Inputs.caller(call);
    Fields fields = call.fields();
    UUID roomId = fields.id("roomId");
    long seq = Inputs.seq(fields);
    UUID toRoomId = fields.id("toRoomId");
    return access(roomId, me)
      .compose(source -> message(roomId, seq))
      .map(message -> {
        if (message.isDeleted()) {
          throw Failure.notFound("No such message");
        }
        if (message.isEvent()) {
          throw Failure.forbidden("Events cannot be forwarded");
        }
        return message;
      })
      .compose(message -> access(toRoomId, me)
        .map(target -> target.require(Permissions.SEND))
        .compose(target -> message.fileId() == null
          ? Future.<String>succeededFuture(null)
          : files.forward(message.fileId(), me))
        .compose(fileId -> {
          JsonObject data = new JsonObject();
          if (message.data().getString("text") != null) {
            data.put("text", message.data().getString("text"));
          }
          if (fileId != null) {
            data.put("fileId", fileId);
          }
          data.put("forwardedFrom", new JsonObject().put("roomId", roomId.toString()).put("seq", seq)
            .put("senderId", message.senderId().toString()));
          return store(toRoomId, me, data, null);
        }));
  }

  /** {@code chat.files.can-read}: true when the caller is in a room where a live message carries the file. */
  public Future<JsonObject> canReadFile(Call call) {
    UUID me = Inputs.caller(call);
    String fileId = call.fields().string("fileId");
    return pool.preparedQuery(ChatQueries.CAN_READ_FILE).execute(Tuple.of(fileId, me))
      .map(rows -> new JsonObject().put("allowed", rows.iterator().next().getBoolean("allowed")));
  }

  /**
   * Through the group commit, which checks that the sender may send there; a repeat of an
   * earlier clientId is answered with that message and announced no more.
   */
  private Future<JsonObject> store(UUID roomId, UUID sender, JsonObject data, String clientId) {
    return commits.store(roomId, sender, data, clientId).map(stored -> {
      JsonObject json = stored.message().json();
      if (stored.isNew()) {
        events.message("message.new", roomId, json);
        unread.roomChanged(roomId);
      }
      return json;
    });
  }

  private Future<Access> access(UUID roomId, UUID me) {
    return pool.preparedQuery(ChatQueries.ACCESS).execute(Tuple.of(roomId, me)).map(rows -> Access.of(roomId, me, rows));
  }

  private Future<Message> message(UUID roomId, long seq) {
    return pool.preparedQuery(ChatQueries.MESSAGE).execute(Tuple.of(roomId, seq)).map(rows -> {
      if (rows.size() == 0) {
        throw Failure.notFound("No such message");
      }
      return Message.of(rows.iterator().next());
    });
  }
}
