package org.tidings.gateway;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.json.JsonObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.tidings.bus.Failure;

/**
 * {@code auth.socket}: a socket proves who it is with a token in its first frame, and is closed
 * when that token expires unless it proves it again with a fresh one of the same user. The
 * user's rooms are loaded before the answer, so a client that has it may register its rooms
 * at once.
 */
final class SocketAuth {

  private static final Logger LOG = LoggerFactory.getLogger(SocketAuth.class);

  private final LiveContext live;

  SocketAuth(LiveContext live) {
    this.live = live;
  }

  /** What the socket is told: its identity, a failure (401, 403), or a refusal ({@code err rejected}). */
  record Answer(JsonObject identity, ReplyException failure, boolean refused) {

    static Answer of(Caller caller) {
      return new Answer(new JsonObject().put("userId", caller.userId()).put("sessionId", caller.sessionId()), null, false);
    }

    static Answer failed(ReplyException failure) {
      return new Answer(null, failure, false);
    }

    static Answer refusal() {
      return new Answer(null, null, true);
    }
  }

  /** Decided on {@code context}, the socket's own. */
  Future<Answer> authenticate(LiveSocket socket, Object body, Context context) {
    String token = body instanceof JsonObject json && json.getValue("token") instanceof String s ? s : null;
    if (!socket.authenticated()) {
      return first(socket, token, context);
    }
    // without a token it is refused outright: clients use that as a barrier after earlier frames
    return token == null ? Future.succeededFuture(Answer.refusal()) : again(socket, token, context);
  }

  private Future<Answer> first(LiveSocket socket, String token, Context context) {
    return OnContext.of(context, live.tokens().check(token)
      .compose(verified -> live.memberships().acquire(verified.caller().userId())
        .map(verified)
        .onFailure(e -> {
          LOG.warn("could not load the rooms of user {} for a live socket", verified.caller().userId(), e);
          live.memberships().release(verified.caller().userId());
        })))
      .map(verified -> {
        Caller caller = verified.caller();
        if (socket.closed()) {
          live.memberships().release(caller.userId());
          return Answer.refusal();
        }
        socket.authenticated(caller, verified.expiresAtMillis());
        live.registry().add(socket);
        if (live.tokens().revocations().isRevoked(caller.sessionId())) {
          // revoked while its rooms were loading: the revocation found no socket to close then
          socket.closeNow();
        }
        return Answer.of(caller);
      })
      .otherwise(e -> Answer.failed(Failure.unauthorized()));
  }

  /**
   * A fresh token of the same user keeps the socket open until that token expires; it may
   * belong to another session of the user (a new sign-in), which then owns the socket for
   * revocation. A token of another user is refused, because the socket's registrations were
   * granted to the first one; a bad token changes nothing. Either way the socket keeps its old
   * expiry.
   */
  private Future<Answer> again(LiveSocket socket, String token, Context context) {
    return OnContext.of(context, live.tokens().check(token))
      .map(verified -> {
        Caller fresh = verified.caller();
        Caller current = socket.caller();
        if (!fresh.userId().equals(current.userId())) {
          return Answer.failed(Failure.forbidden("A socket stays with the user it authenticated as"));
        }
        if (socket.closed()) {
          return Answer.refusal();
        }
        if (!fresh.sessionId().equals(current.sessionId())) {
          live.registry().remove(socket);
          socket.authenticated(fresh, verified.expiresAtMillis());
          live.registry().add(socket);
        } else {
          socket.authenticated(fresh, verified.expiresAtMillis());
        }
        return Answer.of(fresh);
      })
      .otherwise(e -> Answer.failed(Failure.unauthorized()));
  }
}
