package org.tidings.gateway;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Vertx;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.handler.BodyHandler;
import io.vertx.ext.web.handler.StaticHandler;
import io.vertx.micrometer.PrometheusScrapingHandler;

/**
 * Every HTTP route of the server. Order matters: file downloads first, then request ids and
 * access lines for all, then under {@code /api/v1} the public calls, then the token check that
 * guards everything after it.
 */
public final class ApiRouter {

  public static final String API = "/api/v1";

  private ApiRouter() {
  }

  public static Router create(Vertx vertx, GatewayContext gateway) {
    Relay relay = new Relay(vertx);
    ErrorResponses errors = new ErrorResponses();
    AuthRoutes auth = new AuthRoutes(relay, gateway.tokens().revocations());
    ChatRoutes chat = new ChatRoutes(relay);
    FileRoutes files = new FileRoutes(gateway.content(), relay);
    RequestLog log = new RequestLog(gateway.proxies());
    Authenticate authenticate = new Authenticate(gateway.tokens());

    Router api = Router.router(vertx);
    BodyHandler json = BodyHandler.create(false).setBodyLimit(gateway.jsonBodyLimit());
    api.route().handler(ctx -> {
      if (FileRoutes.streamsBody(ctx.request())) {
        // An upload is piped to the content store; hold its bytes until the pipe is set up.
        ctx.request().pause();
        ctx.next();
      } else {
        json.handle(ctx);
      }
    });
    auth.mountPublic(api);
    api.route().handler(authenticate);
    // Routes are tried in order, each by its path before its method, so the most frequent calls
    // come first: sending a message, then the file calls. No path below overlaps another.
    chat.mountSend(api);
    files.mount(api);
    auth.mountPrivate(api);
    chat.mountPrivate(api);
    api.route().failureHandler(errors);
    answerUnmatchedInJson(api);

    Router root = Router.router(vertx);
    // Downloads are most of the requests a room makes (every picture, to every member), and a GET
    // has no body: its route comes first, with only the access line and the token check before
    // it, and skips the API router (JSON body handling, the public routes' patterns): 15 % less
    // server CPU per 64 KiB download (docs/benchmarks.md).
    root.get(FileRoutes.DOWNLOAD_PATH).handler(log).handler(authenticate).handler(files::get);
    // Then the API, being nearly every other request; none of the paths after it starts with its prefix.
    root.route().handler(log);
    root.route(API + "/*").subRouter(api);
    new HealthRoutes(vertx).mount(root);
    root.get("/metrics").handler(PrometheusScrapingHandler.create((PrometheusMeterRegistry) gateway.metrics()));
    new PeerRoutes(gateway.content()).mount(root);
    LiveRoutes.mount(vertx, root, gateway.live(), gateway.jsonBodyLimit());
    root.route("/*").handler(StaticHandler.create("webroot"));
    root.route().failureHandler(errors);
    answerUnmatchedInJson(root);
    return root;
  }

  /**
   * What Vert.x Web answers itself when no route takes a request, in the API's error shape: 404
   * and 405, and 400 for a path or query it cannot decode (refused while matching routes).
   */
  private static void answerUnmatchedInJson(Router router) {
    router.errorHandler(400, ctx -> ErrorResponses.write(ctx, 400, "bad_request", "The request is malformed"));
    router.errorHandler(404, ctx -> ErrorResponses.write(ctx, 404, "not_found", "Nothing here"));
    router.errorHandler(405, ctx -> ErrorResponses.write(ctx, 405, "method_not_allowed", "This method is not allowed here"));
  }
}
