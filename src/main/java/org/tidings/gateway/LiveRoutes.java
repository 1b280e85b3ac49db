package org.tidings.gateway;

import io.netty.channel.Channel;
import io.vertx.core.Vertx;
import io.vertx.core.net.impl.ConnectionBase;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.handler.BodyHandler;
import io.vertx.ext.web.handler.sockjs.SockJSHandler;
import io.vertx.ext.web.handler.sockjs.SockJSHandlerOptions;

/**
 * The SockJS endpoint {@value #PATH} (every SockJS transport) and {@code /eventbus/websocket}
 * (a plain WebSocket, one JSON frame per message, answered as SockJS's own raw transport would)
 * with {@link LiveBridge} serving the event-bus bridge protocol on their sockets.
 */
final class LiveRoutes {

  static final String PATH = "/eventbus";

  private LiveRoutes() {
  }

  static void mount(Vertx vertx, Router root, LiveContext live, long frameLimit) {
    SockJSHandlerOptions sockJs = new SockJSHandlerOptions()
      .setHeartbeatInterval(live.settings().heartbeatMillis())
      // no sticky-session cookie: clients behind a balancer stick by other means
      .setInsertJSESSIONID(false);
    LiveBridge bridge = new LiveBridge(vertx, live);
    Router endpoint = Router.router(vertx);
    endpoint.get("/websocket").handler(ctx -> {
      if (!ctx.request().canUpgradeToWebSocket()) {
        ctx.response().setStatusCode(400).end("Can \"Upgrade\" only to \"WebSocket\".");
        return;
      }
      // the upgraded socket comes wrapped by Vert.x Web, which hides its connection: the channel
      // (for DeferredFlush) is the upgrade request's
      Channel channel = ctx.request().connection() instanceof ConnectionBase connection ? connection.channel() : null;
      ctx.request().toWebSocket().onSuccess(socket -> bridge.handle(socket, channel)).onFailure(ctx::fail);
    });
    endpoint.route("/*").subRouter(SockJSHandler.create(vertx, sockJs).socketHandler(bridge));
    // the xhr transports post frames; a socket's frames are as large as a JSON request may be
    root.post(PATH + "/*").handler(BodyHandler.create(false).setBodyLimit(frameLimit));
    root.route(PATH + "/*").subRouter(endpoint);
  }
}
