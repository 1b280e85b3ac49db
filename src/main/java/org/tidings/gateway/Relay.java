package org.tidings.gateway;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import org.tidings.bus.Failure;
import org.tidings.bus.Headers;

/**
 * Turns an HTTP request into an event-bus request to a service and the reply into the
 * HTTP answer. The caller's identity goes in headers, set from the verified token only.
 */
public final class Relay {

  private static final long TIMEOUT_MILLIS = 30_000;

  private final Vertx vertx;

  public Relay(Vertx vertx) {
    this.vertx = vertx;
  }

  /** Sends {@code body} to {@code address} and answers the client with {@code status} and the reply. */
  public void answer(RoutingContext ctx, String address, JsonObject body, int status) {
    call(ctx, address, body).onSuccess(reply -> respond(ctx, status, reply)).onFailure(ctx::fail);
  }

  public <T> Future<T> call(RoutingContext ctx, String address, JsonObject body) {
    return vertx.eventBus().<T>request(address, body, options(ctx)).map(message -> message.body());
  }

  public static void respond(RoutingContext ctx, int status, Object body) {
    if (status == 204 || body == null) {
      ctx.response().setStatusCode(status == 200 && body == null ? 204 : status).end();
      return;
    }
    String json = body instanceof JsonArray array ? array.encode() : ((JsonObject) body).encode();
    ctx.response().setStatusCode(status).putHeader("Content-Type", "application/json; charset=utf-8").end(json);
  }

  /** The request body as a JSON object; an empty body is an empty object so that fields are reported by name. */
  public static JsonObject json(RoutingContext ctx) {
    if (ctx.body() == null || ctx.body().length() == 0) {
      return new JsonObject();
    }
    try {
      Object parsed = ctx.body().asJsonObject();
      if (parsed == null) {
        return new JsonObject();
      }
      return (JsonObject) parsed;
    } catch (DecodeException | ClassCastException e) {
      throw Failure.badRequest("The body must be a JSON object");
    }
  }

  private static DeliveryOptions options(RoutingContext ctx) {
    DeliveryOptions options = new DeliveryOptions().setSendTimeout(TIMEOUT_MILLIS)
      .addHeader(Headers.REQUEST_ID, RequestLog.id(ctx))
      .addHeader(Headers.CLIENT_IP, RequestLog.clientIp(ctx));
    String agent = ctx.request().getHeader("User-Agent");
    if (agent != null) {
      options.addHeader(Headers.USER_AGENT, agent);
    }
    Caller caller = ctx.get(Caller.KEY);
    if (caller != null) {
      options.addHeader(Headers.USER_ID, caller.userId()).addHeader(Headers.SESSION_ID, caller.sessionId());
    }
    return options;
  }
}
