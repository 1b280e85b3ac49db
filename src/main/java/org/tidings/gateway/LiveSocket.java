package org.tidings.gateway;

import io.vertx.core.Context;
import io.vertx.ext.web.handler.sockjs.SockJSSocket;

import java.util.HashSet;
import java.util.Set;

/**
 * One bridged socket and what the gateway knows of it: who it belongs to once it has
 * authenticated, the timer that closes it when its token expires, and the rooms its own event
 * stream has shown its user leaving. Only its own context touches it, except {@link #close()},
 * which anyone may call.
 */
final class LiveSocket {

  private final SockJSSocket socket;
  private final Context context;
  private Set<String> leftRooms = Set.of();
  private volatile Caller caller;
  private boolean closed;
  private long authTimer = -1;
  private long expiryTimer = -1;

  LiveSocket(SockJSSocket socket, Context context) {
    this.socket = socket;
    this.context = context;
  }

  Caller caller() {
    return caller;
  }

  boolean authenticated() {
    return caller != null;
  }

  void authenticated(Caller verified) {
    caller = verified;
  }

  boolean closed() {
    return closed;
  }

  void markClosed() {
    closed = true;
  }

  long authTimer() {
    return authTimer;
  }

  void authTimer(long timerId) {
    authTimer = timerId;
  }

  long expiryTimer() {
    return expiryTimer;
  }

  void expiryTimer(long timerId) {
    expiryTimer = timerId;
  }

  /** Seen on this socket's own stream of the room, so nothing after it in that stream gets through. */
  void left(String roomId) {
    // made on first use: most sockets never see their user leave, and there may be 100,000 of them
    if (leftRooms.isEmpty()) {
      leftRooms = new HashSet<>();
    }
    leftRooms.add(roomId);
  }

  /** Registered again after a membership check, so the room's events flow again. */
  void rejoined(String roomId) {
    if (leftRooms.contains(roomId)) {
      leftRooms.remove(roomId);
    }
  }

  boolean hasLeft(String roomId) {
    return leftRooms.contains(roomId);
  }

  /** Safe from any thread: the close runs on the socket's own context. */
  void close() {
    context.runOnContext(ignored -> socket.close());
  }
}
