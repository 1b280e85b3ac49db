package org.tidings.gateway;

import io.vertx.core.Context;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * One bridged socket and what the gateway knows of it: who it belongs to once it has
 * authenticated, when it must close (its authentication deadline, then its token's expiry),
 * when it last pinged, the addresses it listens to, the rooms its own event stream has shown
 * its user leaving, and the frames waiting for an earlier one to be decided. There may be
 * 100,000 of these per instance, so what most sockets never need is made on first use. Only
 * its own context touches it, except {@link #close()}, which anyone may call.
 */
final class LiveSocket {

  /**
   * Room for frames held behind one being decided: thousands of registrations, but not an
   * unbounded pile from a client that floods while its first frame is checked.
   */
  static final int MAX_HELD_BYTES = 1024 * 1024;

  private final Peer peer;
  private final Context context;
  private volatile Caller caller;
  private boolean closed;
  private long closeAt;
  private long lastPing;
  private List<String> addresses = List.of();
  private Set<String> leftRooms = Set.of();
  private ArrayDeque<Held> waiting;
  private int heldBytes;

  private record Held(JsonObject frame, int size) {
  }
  private boolean deciding;

  LiveSocket(Peer peer, Context context, long openedAt, long authDeadline) {
    this.peer = peer;
    this.context = context;
    this.lastPing = openedAt;
    this.closeAt = authDeadline;
  }

  Caller caller() {
    return caller;
  }

  boolean authenticated() {
    return caller != null;
  }

  /** From now on the socket is the caller's, until {@code expiresAt} (epoch millis). */
  void authenticated(Caller verified, long expiresAt) {
    caller = verified;
    closeAt = expiresAt;
  }

  boolean closed() {
    return closed;
  }

  void markClosed() {
    closed = true;
  }

  void pinged(long now) {
    lastPing = now;
  }

  /** Its deadline has passed, or its peer has not pinged for {@code pingTimeout}. */
  boolean due(long now, long pingTimeout) {
    return now >= closeAt || now - lastPing >= pingTimeout;
  }

  void write(Buffer frame) {
    peer.write(frame);
  }

  List<String> addresses() {
    return addresses;
  }

  boolean listensTo(String address) {
    return addresses.contains(address);
  }

  void listen(String address) {
    if (addresses.isEmpty()) {
      // a user's own address and one room is the usual socket
      addresses = new ArrayList<>(2);
    }
    addresses.add(address);
  }

  boolean stopListening(String address) {
    return addresses.remove(address);
  }

  /** Seen on this socket's own stream of the room, so nothing after it in that stream gets through. */
  void left(String roomId) {
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

  /** True while an earlier frame waits for an answer (a token check, a membership query). */
  boolean deciding() {
    return deciding;
  }

  void deciding(boolean busy) {
    deciding = busy;
  }

  /**
   * Kept until the frame being decided is done, so that frames take effect in the order sent;
   * false, keeping nothing, when the held frames would pass {@link #MAX_HELD_BYTES}.
   */
  boolean hold(JsonObject frame, int size) {
    if (heldBytes + size > MAX_HELD_BYTES) {
      return false;
    }
    if (waiting == null) {
      waiting = new ArrayDeque<>(4);
    }
    waiting.add(new Held(frame, size));
    heldBytes += size;
    return true;
  }

  JsonObject nextHeld() {
    Held next = waiting == null ? null : waiting.poll();
    if (next == null) {
      return null;
    }
    heldBytes -= next.size();
    return next.frame();
  }

  /** Safe from any thread: the close runs on the socket's own context. */
  void close() {
    context.runOnContext(ignored -> peer.close());
  }

  /** On the socket's own context only. */
  void closeNow() {
    peer.close();
  }
}
