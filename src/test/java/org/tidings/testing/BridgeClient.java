package org.tidings.testing;

import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * A test client speaking the event-bus bridge protocol over the plain WebSocket transport
 * {@code /eventbus/websocket}, as any non-browser client could. Frames the server sends are
 * queued; replies are matched to their request by reply address. Blocking, for test threads.
 */
public final class BridgeClient implements AutoCloseable {

  private static final long PING_MILLIS = 5_000;

  private final Vertx vertx;
  // Held for the socket's lifetime: Vert.x 5 shuts down an unreachable client, its sockets with it.
  private final WebSocketClient client;
  private final WebSocket socket;
  private final BlockingQueue<JsonObject> frames = new LinkedBlockingQueue<>();
  private final Map<String, Promise<JsonObject>> replies = new ConcurrentHashMap<>();
  private final Promise<Void> closed = Promise.promise();
  private final long pinger;

  private BridgeClient(Vertx vertx, WebSocketClient client, WebSocket socket, long pingMillis) {
    this.vertx = vertx;
    this.client = client;
    this.socket = socket;
    // the raw transport writes binary frames of JSON text
    socket.handler(data -> {
      JsonObject frame = new JsonObject(data.toString());
      Promise<JsonObject> reply = frame.getString("address") == null ? null : replies.remove(frame.getString("address"));
      if (reply != null) {
        reply.complete(frame);
      } else {
        frames.add(frame);
      }
    });
    socket.closeHandler(ignored -> closed.tryComplete());
    pinger = pingMillis > 0 ? vertx.setPeriodic(pingMillis, id -> ping()) : -1;
  }

  public static BridgeClient connect(Vertx vertx, int port) {
    return connect(vertx, port, PING_MILLIS);
  }

  /** With {@code pingMillis} 0 the client never pings, as a vanished peer would not. */
  public static BridgeClient connect(Vertx vertx, int port, long pingMillis) {
    WebSocketClient client = vertx.createWebSocketClient();
    WebSocket socket = Api.await(client.connect(new WebSocketConnectOptions()
      .setHost("127.0.0.1").setPort(port).setURI("/eventbus/websocket")));
    return new BridgeClient(vertx, client, socket, pingMillis);
  }

  /** Connects and authenticates with the user's token; fails the test if that is refused. */
  public static BridgeClient signedIn(Vertx vertx, int port, TestUser user) {
    return signedIn(vertx, port, user, PING_MILLIS);
  }

  public static BridgeClient signedIn(Vertx vertx, int port, TestUser user, long pingMillis) {
    BridgeClient client = connect(vertx, port, pingMillis);
    JsonObject reply = client.request("auth.socket", new JsonObject().put("token", user.token()));
    if (!"rec".equals(reply.getString("type"))) {
      throw new AssertionError("authentication refused: " + reply);
    }
    return client;
  }

  /** Sends and waits for the reply frame: {@code rec} with the answer, or {@code err} with the failure. */
  /** Sends and waits for the reply frame; {@code body} is any JSON value, as a client may send. */
  public JsonObject request(String address, Object body) {
    String replyAddress = UUID.randomUUID().toString();
    Promise<JsonObject> reply = Promise.promise();
    replies.put(replyAddress, reply);
    write(new JsonObject().put("type", "send").put("address", address).put("body", body)
      .put("replyAddress", replyAddress));
    return Api.await(reply.future());
  }

  public void send(String address, JsonObject body, JsonObject headers) {
    write(new JsonObject().put("type", "send").put("address", address).put("body", body).put("headers", headers));
  }

  public void publish(String address, JsonObject body) {
    write(new JsonObject().put("type", "publish").put("address", address).put("body", body));
  }

  public void register(String address) {
    write(new JsonObject().put("type", "register").put("address", address));
  }

  public void unregister(String address) {
    write(new JsonObject().put("type", "unregister").put("address", address));
  }

  public void ping() {
    write(new JsonObject().put("type", "ping"));
  }

  /**
   * A round trip the server answers only after every earlier frame of this socket: a second
   * authentication, which is always refused.
   */
  public void sync() {
    write(new JsonObject().put("type", "send").put("address", "auth.socket").put("body", new JsonObject()));
    next(frame -> "err".equals(frame.getString("type")) && "rejected".equals(frame.getString("body")));
  }

  /** The next frame that matches, dropping the ones before it; fails after 20 s. */
  public JsonObject next(Predicate<JsonObject> wanted) {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    while (System.nanoTime() < deadline) {
      JsonObject frame = poll(deadline - System.nanoTime());
      if (frame != null && wanted.test(frame)) {
        return frame;
      }
    }
    throw new AssertionError("no matching frame within 20 s");
  }

  /** Every frame up to and including the first that matches. */
  public List<JsonObject> until(Predicate<JsonObject> wanted) {
    List<JsonObject> seen = new ArrayList<>();
    next(frame -> {
      seen.add(frame);
      return wanted.test(frame);
    });
    return seen;
  }

  /** The next event body on {@code address} whose {@code type} is {@code type}. */
  public JsonObject event(String address, String type) {
    return next(frame -> "rec".equals(frame.getString("type")) && address.equals(frame.getString("address"))
      && frame.getValue("body") instanceof JsonObject body && type.equals(body.getString("type")))
      .getJsonObject("body");
  }

  /** Every frame received so far and not yet taken. */
  public List<JsonObject> drain() {
    List<JsonObject> taken = new ArrayList<>();
    frames.drainTo(taken);
    return taken;
  }

  public boolean awaitClosed() {
    try {
      Api.await(closed.future());
      return true;
    } catch (IllegalStateException e) {
      return false;
    }
  }

  public boolean isClosed() {
    return closed.future().isComplete();
  }

  @Override
  public void close() {
    if (pinger >= 0) {
      vertx.cancelTimer(pinger);
    }
    if (!isClosed()) {
      Api.await(socket.close());
    }
    Api.await(client.close());
  }

  private void write(JsonObject frame) {
    socket.writeTextMessage(frame.encode());
  }

  private JsonObject poll(long nanos) {
    try {
      return frames.poll(Math.max(0, nanos), TimeUnit.NANOSECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
