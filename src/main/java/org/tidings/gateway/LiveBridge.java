package org.tidings.gateway;

import io.netty.channel.Channel;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.eventbus.ReplyFailure;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.core.internal.ContextInternal;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.handler.sockjs.SockJSSocket;
import org.tidings.bus.Headers;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The event-bus bridge protocol (see docs/live.md), served on the SockJS sockets of one HTTP
 * verticle. Each frame a socket sends is read and decided here, in the order sent: a frame that
 * needs an answer first (a token check, a membership query, a new consumer) holds back the
 * frames after it; pings never wait. Events reach sockets through {@link Fanout}, replies
 * straight from the request. One instance per HTTP verticle: only that verticle's loop touches
 * its sockets, and one periodic sweep there closes the sockets whose authentication deadline
 * or token has expired or that stopped pinging.
 */
final class LiveBridge implements Handler<SockJSSocket> {

  static final String AUTH_ADDRESS = "auth.socket";
  static final Set<String> INBOUND = Set.of("chat.send", "chat.typing", "chat.unread");
  static final String REFUSED = "rejected";
  /** Sent before closing a socket that floods frames while an earlier one is decided. */
  static final String TOO_MANY_FRAMES = "too_many_frames";
  /** The stock client's reply addresses are UUIDs; anything longer is refused as the stock bridge does. */
  private static final int MAX_REPLY_ADDRESS = 36;
  private static final long REPLY_TIMEOUT_MILLIS = 30_000;

  private final Vertx vertx;
  private final Context context;
  private final LiveContext live;
  private final SocketAuth auth;
  private final Fanout fanout;
  private final FlushBatch flushes;
  private final Set<LiveSocket> sockets = new HashSet<>();

  /** Made on the verticle's context, which then runs its sweep, consumers and sockets. */
  LiveBridge(Vertx vertx, LiveContext live) {
    this.vertx = vertx;
    this.context = vertx.getOrCreateContext();
    this.live = live;
    this.auth = new SocketAuth(live);
    this.fanout = new Fanout(vertx, new Outbound(live.memberships()));
    this.flushes = new FlushBatch(((ContextInternal) context).nettyEventLoop(), live.settings().flushWindowMillis());
    vertx.setPeriodic(live.settings().sweepMillis(), id -> sweep());
  }

  /** A socket of any SockJS transport. */
  @Override
  public void handle(SockJSSocket peer) {
    LiveSocket socket = open(Peer.of(peer));
    peer.handler(data -> received(socket, data));
    peer.endHandler(ignored -> closed(socket));
    peer.exceptionHandler(failure -> peer.close());
  }

  /**
   * A plain WebSocket ({@code /eventbus/websocket}), taken without SockJS's wrapper, which would
   * keep the upgrade request and its routing context for as long as the socket lives. Its
   * flushes wait for the end of the loop's run of tasks or the flush window ({@link FlushBatch}); {@code channel}
   * is its connection's, null when that is not known.
   */
  void handle(ServerWebSocket peer, Channel channel) {
    if (channel != null && flushes.serves(channel.eventLoop())) {
      // nearest the socket, so that every flush on the way out passes it
      channel.pipeline().addFirst("live-deferred-flush", new DeferredFlush(flushes));
    }
    LiveSocket socket = open(Peer.of(peer));
    peer.textMessageHandler(text -> received(socket, Buffer.buffer(text)));
    peer.binaryMessageHandler(data -> received(socket, data));
    peer.closeHandler(ignored -> closed(socket));
    peer.exceptionHandler(failure -> peer.close());
  }

  private LiveSocket open(Peer peer) {
    long now = System.currentTimeMillis();
    LiveSocket socket = new LiveSocket(peer, context, now, now + live.settings().authTimeoutMillis());
    sockets.add(socket);
    return socket;
  }

  private void sweep() {
    long now = System.currentTimeMillis();
    long pingTimeout = live.settings().pingTimeoutMillis();
    // closed after the walk: a SockJS session may report its end while it is being closed
    List<LiveSocket> due = new ArrayList<>();
    for (LiveSocket socket : sockets) {
      if (socket.due(now, pingTimeout)) {
        due.add(socket);
      }
    }
    due.forEach(LiveSocket::closeNow);
  }

  private void closed(LiveSocket socket) {
    if (!sockets.remove(socket)) {
      return;
    }
    socket.markClosed();
    for (String address : socket.addresses()) {
      fanout.remove(address, socket);
    }
    if (socket.authenticated()) {
      live.registry().remove(socket);
      live.memberships().release(socket.caller().userId());
    }
  }

  private void received(LiveSocket socket, Buffer data) {
    JsonObject frame;
    try {
      frame = data.toJsonObject();
    } catch (DecodeException | ClassCastException e) {
      socket.write(BridgeFrames.refused("invalid_json"));
      return;
    }
    if ("ping".equals(frame.getValue("type"))) {
      socket.pinged(System.currentTimeMillis());
    } else if (socket.deciding()) {
      if (!socket.hold(frame, data.length())) {
        socket.write(BridgeFrames.refused(TOO_MANY_FRAMES));
        socket.close();
      }
    } else {
      decideInOrder(socket, frame);
    }
  }

  /** Decides the frame, and the held ones after it until one has to wait for an answer. */
  private void decideInOrder(LiveSocket socket, JsonObject frame) {
    for (JsonObject next = frame; next != null; next = socket.nextHeld()) {
      Future<Void> decided = decide(socket, next);
      if (!decided.isComplete()) {
        socket.deciding(true);
        decided.onComplete(done -> {
          socket.deciding(false);
          JsonObject held = socket.nextHeld();
          if (held != null && !socket.closed()) {
            decideInOrder(socket, held);
          }
        });
        return;
      }
    }
  }

  private Future<Void> decide(LiveSocket socket, JsonObject frame) {
    if (!(frame.getValue("type") instanceof String type)) {
      return refuse(socket, "missing_type");
    }
    if (!(frame.getValue("address") instanceof String address)) {
      return refuse(socket, "missing_address");
    }
    return switch (type) {
      case "send" -> send(socket, address, frame);
      case "publish" -> refuse(socket, REFUSED);
      case "register" -> register(socket, address);
      case "unregister" -> unregister(socket, address);
      default -> refuse(socket, "invalid_type");
    };
  }

  private Future<Void> send(LiveSocket socket, String address, JsonObject frame) {
    Object replyAddress = frame.getValue("replyAddress");
    if (replyAddress != null && !(replyAddress instanceof String)) {
      return refuse(socket, "invalid_reply_address");
    }
    String replyTo = (String) replyAddress;
    if (replyTo != null && replyTo.length() > MAX_REPLY_ADDRESS) {
      return refuse(socket, "invalid_reply_address");
    }
    if (AUTH_ADDRESS.equals(address)) {
      return auth.authenticate(socket, frame.getValue("body"), context)
        .map(answer -> {
          reply(socket, replyTo, answer);
          return null;
        });
    }
    if (!socket.authenticated() || !INBOUND.contains(address)) {
      return refuse(socket, REFUSED);
    }
    // overwritten, never merged: whatever identity the client put in its headers is gone
    Caller caller = socket.caller();
    DeliveryOptions options = new DeliveryOptions().setSendTimeout(REPLY_TIMEOUT_MILLIS)
      .addHeader(Headers.USER_ID, caller.userId()).addHeader(Headers.SESSION_ID, caller.sessionId());
    Object body = frame.getValue("body");
    if (replyTo == null) {
      vertx.eventBus().send(address, body, options);
    } else {
      vertx.eventBus().request(address, body, options).onComplete(answer -> {
        if (answer.succeeded()) {
          socket.write(BridgeFrames.received(replyTo, answer.result().body(), answer.result().replyAddress(),
            answer.result().headers()));
        } else {
          socket.write(BridgeFrames.failed(replyTo, asReplyFailure(answer.cause())));
        }
      });
    }
    return Future.succeededFuture();
  }

  /** The socket's own answer to {@value #AUTH_ADDRESS}: who it now is, a failure, or a refusal. */
  private static void reply(LiveSocket socket, String replyTo, SocketAuth.Answer answer) {
    if (answer.refused()) {
      socket.write(BridgeFrames.refused(REFUSED));
    } else if (replyTo == null || socket.closed()) {
      return;
    } else if (answer.failure() != null) {
      socket.write(BridgeFrames.failed(replyTo, answer.failure()));
    } else {
      socket.write(BridgeFrames.received(replyTo, answer.identity(), null, null));
    }
  }

  private Future<Void> register(LiveSocket socket, String address) {
    Topic topic = Topic.parse(address);
    if (!socket.authenticated() || topic == null) {
      return refuse(socket, REFUSED);
    }
    String userId = socket.caller().userId();
    if (topic.kind() == Topic.Kind.USER) {
      return topic.id().equals(userId) ? listen(socket, address) : refuse(socket, REFUSED);
    }
    // asked again for an address it already listens to: a user who left is refused all the same
    return OnContext.of(context, live.memberships().check(userId, topic.id()).otherwise(false))
      .compose(member -> {
        if (socket.closed()) {
          return Future.succeededFuture();
        }
        if (!member) {
          return refuse(socket, REFUSED);
        }
        socket.rejoined(topic.id());
        return listen(socket, address);
      });
  }

  /**
   * Waits for the address's consumer, so that once a later frame of this socket is answered,
   * events of the address reach it, even on a cluster where a new consumer takes a moment.
   */
  private Future<Void> listen(LiveSocket socket, String address) {
    if (socket.listensTo(address)) {
      return Future.succeededFuture();
    }
    socket.listen(address);
    return OnContext.of(context, fanout.add(address, socket).otherwiseEmpty());
  }

  private Future<Void> unregister(LiveSocket socket, String address) {
    if (!socket.authenticated()) {
      return refuse(socket, REFUSED);
    }
    if (socket.stopListening(address)) {
      fanout.remove(address, socket);
    }
    return Future.succeededFuture();
  }

  private static Future<Void> refuse(LiveSocket socket, String reason) {
    socket.write(BridgeFrames.refused(reason));
    return Future.succeededFuture();
  }

  private static ReplyException asReplyFailure(Throwable cause) {
    return cause instanceof ReplyException failure ? failure
      : new ReplyException(ReplyFailure.RECIPIENT_FAILURE, cause.getMessage());
  }
}
