package org.tidings.gateway;

import io.vertx.core.Vertx;
import io.vertx.ext.bridge.PermittedOptions;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.handler.BodyHandler;
import io.vertx.ext.web.handler.sockjs.SockJSBridgeOptions;
import io.vertx.ext.web.handler.sockjs.SockJSHandler;
import io.vertx.ext.web.handler.sockjs.SockJSHandlerOptions;

/**
 * The SockJS endpoint {@value #PATH} with the event-bus bridge. The permitted lists are the
 * bridge's own coarse gate (it refuses any address outside them before asking us);
 * {@link LiveBridge} then decides per socket and per message.
 */
final class LiveRoutes {

  static final String PATH = "/eventbus";

  private LiveRoutes() {
  }

  static void mount(Vertx vertx, Router root, LiveContext live, long frameLimit) {
    LiveSettings settings = live.settings();
    SockJSHandlerOptions sockJs = new SockJSHandlerOptions()
      .setHeartbeatInterval(settings.heartbeatMillis())
      // no sticky-session cookie: clients behind a balancer stick by other means
      .setInsertJSESSIONID(false);
    SockJSBridgeOptions bridge = new SockJSBridgeOptions()
      .setPingTimeout(settings.pingTimeoutMillis())
      .addInboundPermitted(new PermittedOptions().setAddress(LiveBridge.AUTH_ADDRESS));
    LiveBridge.INBOUND.forEach(address -> bridge.addInboundPermitted(new PermittedOptions().setAddress(address)));
    bridge.addOutboundPermitted(new PermittedOptions().setAddressRegex("(room|user)\\.[0-9a-fA-F-]{1,64}"));
    Router sockets = SockJSHandler.create(vertx, sockJs).bridge(bridge, new LiveBridge(vertx, live));
    // the xhr transports post frames; a socket's frames are as large as a JSON request may be
    root.post(PATH + "/*").handler(BodyHandler.create(false).setBodyLimit(frameLimit));
    root.route(PATH + "/*").subRouter(sockets);
  }
}
