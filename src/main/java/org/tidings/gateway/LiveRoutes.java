package org.tidings.gateway;

import io.vertx.core.Vertx;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.handler.BodyHandler;
import io.vertx.ext.web.handler.sockjs.SockJSHandler;
import io.vertx.ext.web.handler.sockjs.SockJSHandlerOptions;

/**
 * The SockJS endpoint {@value #PATH} (every SockJS transport, and {@code /eventbus/websocket}
 * as a plain WebSocket) with {@link LiveBridge} serving the event-bus bridge protocol on its
 * sockets.
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
    Router sockets = SockJSHandler.create(vertx, sockJs).socketHandler(new LiveBridge(vertx, live));
    // the xhr transports post frames; a socket's frames are as large as a JSON request may be
    root.post(PATH + "/*").handler(BodyHandler.create(false).setBodyLimit(frameLimit));
    root.route(PATH + "/*").subRouter(sockets);
  }
}
