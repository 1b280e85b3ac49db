package org.tidings.gateway;

import io.vertx.core.Handler;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.HttpException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.tidings.bus.Failure;

/** The one place where a failure becomes an HTTP answer: {@code {"error": code, "message": text}}. */
final class ErrorResponses implements Handler<RoutingContext> {

  private static final Logger LOG = LoggerFactory.getLogger(ErrorResponses.class);

  @Override
  public void handle(RoutingContext ctx) {
    if (ctx.response().headWritten()) {
      LOG.warn("request {} failed after its answer began", RequestLog.id(ctx), ctx.failure());
      ctx.response().reset();
      return;
    }
    Throwable failure = ctx.failure();
    if (failure instanceof ReplyException reply && Failure.parse(reply) instanceof Failure.Parsed known) {
      if (known.retryAfter() > 0) {
        ctx.response().putHeader("Retry-After", Long.toString(known.retryAfter()));
      }
      write(ctx, known.status(), known.code(), known.text());
      return;
    }
    int status = failure instanceof HttpException http ? http.getStatusCode() : failure == null ? ctx.statusCode() : 500;
    switch (status) {
      case 400 -> write(ctx, 400, "bad_request", "The request is malformed");
      case 401 -> write(ctx, 401, "unauthorized", "Sign in first");
      case 403 -> write(ctx, 403, "forbidden", "Not allowed");
      case 404 -> write(ctx, 404, "not_found", "Nothing here");
      case 405 -> write(ctx, 405, "method_not_allowed", "This method is not allowed here");
      case 413 -> write(ctx, 413, "too_large", "The request body is too large");
      default -> {
        LOG.error("request {} {} {} failed", RequestLog.id(ctx), ctx.request().method(), ctx.request().path(), failure);
        write(ctx, 500, "internal", "Something went wrong on our side (request " + RequestLog.id(ctx) + ")");
      }
    }
  }

  static void write(RoutingContext ctx, int status, String code, String text) {
    ctx.response()
      .setStatusCode(status)
      .putHeader("Content-Type", "application/json; charset=utf-8")
      .end(new JsonObject().put("error", code).put("message", text).encode());
  }
}
