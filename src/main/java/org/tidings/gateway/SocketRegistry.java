package org.tidings.gateway;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The authenticated sockets of this instance by session, so that revoking a session (logout,
 * revoke, password reset, on any instance) closes its sockets here.
 */
public final class SocketRegistry {

  private final Map<String, Set<LiveSocket>> bySession = new ConcurrentHashMap<>();

  void add(LiveSocket socket) {
    bySession.computeIfAbsent(socket.caller().sessionId(), id -> ConcurrentHashMap.newKeySet()).add(socket);
  }

  void remove(LiveSocket socket) {
    bySession.computeIfPresent(socket.caller().sessionId(), (id, sockets) -> {
      sockets.remove(socket);
      return sockets.isEmpty() ? null : sockets;
    });
  }

  /** Closes every socket of the session; their close events then clean up as for any close. */
  public void closeSession(String sessionId) {
    Set<LiveSocket> sockets = bySession.get(sessionId);
    if (sockets != null) {
      sockets.forEach(LiveSocket::close);
    }
  }
}
