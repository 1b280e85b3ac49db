package org.tidings.gateway;

import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.handler.sockjs.BridgeEvent;
import io.vertx.ext.web.handler.sockjs.SockJSSocket;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.tidings.bus.Headers;

import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * The gatekeeper of the event-bus bridge: every frame a socket sends and every message about
 * to reach it passes here. A socket first proves who it is with a {@code send} to
 * {@value #AUTH_ADDRESS}, and is closed when that token expires unless it proves it again with
 * a fresh one; meanwhile it may listen to its own {@code user.<id>} and to the rooms
 * it belongs to, and send to {@code chat.send}, {@code chat.typing} and {@code chat.unread} only, as
 * itself.
 * One instance per HTTP verticle, so its socket map is only touched from that verticle's loop.
 */
final class LiveBridge implements Handler<BridgeEvent> {

  static final String AUTH_ADDRESS = "auth.socket";
  static final Set<String> INBOUND = Set.of("chat.send", "chat.typing", "chat.unread");
  /**
   * Set, in place of an identity, on a second {@value #AUTH_ADDRESS} frame whose token is
   * another user's, so the consumer refuses it with 403 rather than 401. Headers a client sends
   * never get this far: the bridge overwrites them.
   */
  static final String OTHER_USER = "socket-other-user";

  private static final Logger LOG = LoggerFactory.getLogger(LiveBridge.class);

  private final Vertx vertx;
  private final LiveContext live;
  private final Outbound outbound;
  private final Map<SockJSSocket, LiveSocket> sockets = new HashMap<>();

  LiveBridge(Vertx vertx, LiveContext live) {
    this.vertx = vertx;
    this.live = live;
    this.outbound = new Outbound(live.memberships());
  }

  @Override
  public void handle(BridgeEvent event) {
    switch (event.type()) {
      case SOCKET_CREATED -> created(event);
      case SOCKET_CLOSED -> closed(event);
      case SOCKET_ERROR -> failed(event);
      case SEND -> send(event);
      case REGISTER -> register(event);
      case UNREGISTER -> event.complete(authenticated(event));
      case RECEIVE -> event.complete(receive(event));
      case PUBLISH -> event.complete(false);
      default -> event.complete(true);
    }
  }

  private void created(BridgeEvent event) {
    LiveSocket socket = new LiveSocket(event.socket(), vertx.getOrCreateContext());
    sockets.put(event.socket(), socket);
    socket.authTimer(vertx.setTimer(live.settings().authTimeoutMillis(), id -> {
      if (!socket.authenticated()) {
        socket.close();
      }
    }));
    event.complete(true);
  }

  private void closed(BridgeEvent event) {
    LiveSocket socket = sockets.remove(event.socket());
    if (socket != null) {
      socket.markClosed();
      vertx.cancelTimer(socket.authTimer());
      vertx.cancelTimer(socket.expiryTimer());
      forget(socket);
    }
    event.complete(true);
  }

  /** The bridge has already dropped the socket's registrations; it is of no further use. */
  private void failed(BridgeEvent event) {
    event.socket().close();
    closed(event);
  }

  private void send(BridgeEvent event) {
    LiveSocket socket = sockets.get(event.socket());
    JsonObject frame = event.getRawMessage();
    String address = frame.getString("address");
    if (socket == null) {
      event.complete(false);
    } else if (AUTH_ADDRESS.equals(address)) {
      authenticate(event, socket, frame);
    } else if (socket.authenticated() && INBOUND.contains(address)) {
      // overwritten, never merged: whatever identity the client put in its headers is gone
      event.setRawMessage(frame.put("headers", identity(socket.caller())));
      event.complete(true);
    } else {
      event.complete(false);
    }
  }

  /**
   * The token is checked and the user's rooms are loaded before the frame goes on to the
   * {@value #AUTH_ADDRESS} consumer, which answers from the identity put in the headers here, so
   * a client that has its answer may register its rooms at once. The socket then lives until
   * its token expires, unless it sends a fresh token first (see {@link #reauthenticate}).
   */
  private void authenticate(BridgeEvent event, LiveSocket socket, JsonObject frame) {
    String token = token(frame);
    if (socket.authenticated()) {
      if (token == null) {
        // a second authentication without a token is refused outright; clients use it as a barrier
        event.complete(false);
      } else {
        reauthenticate(event, socket, frame, token);
      }
      return;
    }
    live.tokens().check(token)
      .compose(verified -> live.memberships().acquire(verified.caller().userId())
        .map(verified)
        .onFailure(e -> {
          LOG.warn("could not load the rooms of user {} for a live socket", verified.caller().userId(), e);
          live.memberships().release(verified.caller().userId());
        }))
      .onComplete(verified -> {
        if (verified.failed()) {
          event.setRawMessage(frame.put("headers", new JsonObject()));
          event.complete(true);
          return;
        }
        Caller caller = verified.result().caller();
        if (socket.closed()) {
          live.memberships().release(caller.userId());
          event.complete(false);
          return;
        }
        socket.authenticated(caller);
        vertx.cancelTimer(socket.authTimer());
        expireAt(socket, verified.result().expiresAtMillis());
        live.registry().add(socket);
        if (live.tokens().revocations().isRevoked(caller.sessionId())) {
          // revoked while its rooms were loading: the revocation found no socket to close then
          socket.close();
        }
        event.setRawMessage(frame.put("headers", identity(caller)));
        event.complete(true);
      });
  }

  /**
   * A fresh token for the same user keeps an authenticated socket open until that token
   * expires; it may belong to another session of the user (a new login), which then owns the
   * socket for revocation. A token of another user is refused, because the socket's
   * registrations were granted to the first one; a bad token changes nothing. Either way the
   * socket keeps its old expiry.
   */
  private void reauthenticate(BridgeEvent event, LiveSocket socket, JsonObject frame, String token) {
    live.tokens().check(token).onComplete(verified -> {
      if (verified.failed()) {
        event.setRawMessage(frame.put("headers", new JsonObject()));
        event.complete(true);
        return;
      }
      Caller fresh = verified.result().caller();
      if (!fresh.userId().equals(socket.caller().userId())) {
        event.setRawMessage(frame.put("headers", new JsonObject().put(OTHER_USER, fresh.userId())));
        event.complete(true);
        return;
      }
      if (socket.closed()) {
        event.complete(false);
        return;
      }
      if (!fresh.sessionId().equals(socket.caller().sessionId())) {
        live.registry().remove(socket);
        socket.authenticated(fresh);
        live.registry().add(socket);
      }
      expireAt(socket, verified.result().expiresAtMillis());
      event.setRawMessage(frame.put("headers", identity(fresh)));
      event.complete(true);
    });
  }

  /** One timer per socket, replaced on each fresh token; the close event cancels it. */
  private void expireAt(LiveSocket socket, long expiresAtMillis) {
    vertx.cancelTimer(socket.expiryTimer());
    if (expiresAtMillis == Long.MAX_VALUE) {
      socket.expiryTimer(-1);
      return;
    }
    long delay = Math.max(1, expiresAtMillis - System.currentTimeMillis());
    socket.expiryTimer(vertx.setTimer(delay, id -> socket.close()));
  }

  private static String token(JsonObject frame) {
    Object body = frame.getValue("body");
    return body instanceof JsonObject json && json.getValue("token") instanceof String s ? s : null;
  }

  private void register(BridgeEvent event) {
    LiveSocket socket = sockets.get(event.socket());
    Topic topic = Topic.parse(event.getRawMessage().getString("address"));
    if (socket == null || !socket.authenticated() || topic == null) {
      event.complete(false);
      return;
    }
    String userId = socket.caller().userId();
    if (topic.kind() == Topic.Kind.USER) {
      event.complete(topic.id().equals(userId));
      return;
    }
    live.memberships().check(userId, topic.id()).onComplete(member -> {
      boolean allowed = member.succeeded() && member.result() && !socket.closed();
      if (allowed) {
        socket.rejoined(topic.id());
      }
      event.complete(allowed);
    });
  }

  private boolean receive(BridgeEvent event) {
    LiveSocket socket = sockets.get(event.socket());
    return socket != null && outbound.allows(socket, event.getRawMessage());
  }

  private boolean authenticated(BridgeEvent event) {
    LiveSocket socket = sockets.get(event.socket());
    return socket != null && socket.authenticated();
  }

  private void forget(LiveSocket socket) {
    if (socket.authenticated()) {
      live.registry().remove(socket);
      live.memberships().release(socket.caller().userId());
    }
  }

  private static JsonObject identity(Caller caller) {
    return new JsonObject().put(Headers.USER_ID, caller.userId()).put(Headers.SESSION_ID, caller.sessionId());
  }
}
