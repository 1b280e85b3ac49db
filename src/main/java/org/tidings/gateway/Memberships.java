package org.tidings.gateway;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.tidings.bus.Headers;

import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Which rooms each user with a live socket on this instance belongs to, so that deciding
 * whether an event may reach a socket is a set lookup, never a database query. A user's view
 * is loaded from {@code chat.rooms.ids} when their first socket here authenticates, kept up to
 * date by their {@code user.<id>} events, and dropped with their last socket.
 */
public final class Memberships {

  private static final long TIMEOUT_MILLIS = 10_000;

  private final Vertx vertx;
  private final Map<String, View> views = new ConcurrentHashMap<>();

  public Memberships(Vertx vertx) {
    this.vertx = vertx;
  }

  /** Holds the user's view for one more socket; completes once the view is loaded. */
  public Future<Void> acquire(String userId) {
    View created = new View(userId);
    View view = views.compute(userId, (id, held) -> held == null ? created : held.hold());
    if (view == created) {
      created.start();
    }
    return view.ready.future();
  }

  /** Lets go of one socket's hold; the last one unsubscribes and forgets the view. */
  public void release(String userId) {
    View[] dropped = new View[1];
    views.computeIfPresent(userId, (id, view) -> {
      if (view.release() > 0) {
        return view;
      }
      dropped[0] = view;
      return null;
    });
    if (dropped[0] != null) {
      dropped[0].stop();
    }
  }

  /** What this instance knows, without asking anyone: the delivery check. */
  public boolean isMember(String userId, String roomId) {
    View view = views.get(userId);
    return view != null && view.contains(roomId);
  }

  /**
   * The registration and typing check: the view, and when it says no (or the user has no
   * socket here), the chat service, because a client may learn of a new room (by HTTP) before
   * its {@code member.joined} event gets here.
   */
  public Future<Boolean> check(String userId, String roomId) {
    View view = views.get(userId);
    if (view != null && view.contains(roomId)) {
      return Future.succeededFuture(true);
    }
    long version = view == null ? 0 : view.version();
    return vertx.eventBus().<JsonObject>request("chat.is-member", new JsonObject().put("roomId", roomId), asUser(userId))
      .map(reply -> reply.body().getBoolean("member", false))
      .onSuccess(member -> {
        if (member && view != null) {
          view.addUnlessChangedSince(roomId, version);
        }
      });
  }

  int users() {
    return views.size();
  }

  private static DeliveryOptions asUser(String userId) {
    return new DeliveryOptions().setSendTimeout(TIMEOUT_MILLIS).addHeader(Headers.USER_ID, userId);
  }

  /**
   * One user's rooms. Changed only by the user's own event stream (one consumer, so in
   * order) and by answers of the chat service that no event has overtaken since they were asked.
   */
  private final class View {

    private final String userId;
    private final Promise<Void> ready = Promise.promise();
    private final Set<String> rooms = new HashSet<>();
    private int holders = 1;
    private long version;
    private MessageConsumer<JsonObject> events;

    View(String userId) {
      this.userId = userId;
    }

    View hold() {
      holders++;
      return this;
    }

    int release() {
      return --holders;
    }

    void start() {
      events = vertx.eventBus().consumer(Topic.user(userId), message -> apply(message.body()));
      events.completion().compose(registered -> load()).onComplete(ready);
    }

    void stop() {
      events.unregister();
    }

    /** Subscribed first, then loaded; an event that lands during the load means asking again. */
    private Future<Void> load() {
      long asked = version();
      return vertx.eventBus().<JsonObject>request("chat.rooms.ids", new JsonObject(), asUser(userId))
        .compose(reply -> replaceUnlessChangedSince(reply.body().getJsonArray("roomIds", new JsonArray()), asked)
          ? Future.succeededFuture()
          : load());
    }

    synchronized boolean contains(String roomId) {
      return rooms.contains(roomId);
    }

    synchronized long version() {
      return version;
    }

    synchronized void addUnlessChangedSince(String roomId, long asked) {
      if (version == asked) {
        rooms.add(roomId);
      }
    }

    private synchronized boolean replaceUnlessChangedSince(JsonArray roomIds, long asked) {
      if (version != asked) {
        return false;
      }
      rooms.clear();
      roomIds.forEach(id -> rooms.add((String) id));
      return true;
    }

    private synchronized void apply(JsonObject event) {
      String roomId = event == null ? null : event.getString("roomId");
      if (roomId == null || !userId.equals(event.getString("userId"))) {
        return;
      }
      if (EventTypes.MEMBER_JOINED.equals(event.getString("type"))) {
        rooms.add(roomId);
        version++;
      } else if (EventTypes.MEMBER_LEFT.equals(event.getString("type"))) {
        rooms.remove(roomId);
        version++;
      }
    }
  }
}
