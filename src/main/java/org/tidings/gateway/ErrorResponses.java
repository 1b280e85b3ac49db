package org.tidings.gateway;

import io.netty.channel.unix.Errors;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.eventbus.ReplyFailure;
import io.vertx.core.http.HttpClosedException;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.HttpException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.tidings.bus.Failure;
import org.tidings.content.UploadChunk;

import java.io.IOException;
import java.nio.channels.ClosedChannelException;

/** The one place where a failure becomes an HTTP answer: {@code {"error": code, "message": text}}. */
final class ErrorResponses implements Handler<RoutingContext> {

  private static final Logger LOG = LoggerFactory.getLogger(ErrorResponses.class);
  private static final long LINGER_MILLIS = 2000;

  @Override
  public void handle(RoutingContext ctx) {
    if (ctx.response().headWritten()) {
      if (clientWentAway(ctx.failure())) {
        // A download cancelled, a page left: routine, and nothing to mend here.
        LOG.debug("request {} ended early: the client went away", RequestLog.id(ctx));
      } else {
        LOG.warn("request {} failed after its answer began", RequestLog.id(ctx), ctx.failure());
      }
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
    if (failure instanceof ReplyException reply
      && (reply.failureType() == ReplyFailure.TIMEOUT || reply.failureType() == ReplyFailure.NO_HANDLERS)) {
      // The service is busy, hung on its database, or not running on any instance: worth a retry.
      LOG.warn("request {} {} {}: {}", RequestLog.id(ctx), ctx.request().method(), ctx.request().path(), reply.getMessage());
      write(ctx, 503, "unavailable", "The service did not answer in time; try again shortly");
      return;
    }
    if (failure instanceof IllegalArgumentException && !queryDecodes(ctx.request())) {
      write(ctx, 400, "bad_request", "The query string is not valid percent-encoding");
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

  /** Vert.x decodes the query when a route first reads a parameter, and throws there if it cannot. */
  private static boolean queryDecodes(HttpServerRequest request) {
    try {
      request.params();
      return true;
    } catch (IllegalArgumentException e) {
      return false;
    }
  }

  static void write(RoutingContext ctx, int status, String code, String text) {
    HttpServerRequest request = ctx.request();
    if (bodyUnread(request)) {
      // A refused request's body is never used, and Vert.x holds what arrived of it while the
      // connection waits paused for the rest: dropping it and closing frees both. Left open, a client sending
      // bodies with a bad token filled the heap in a few hundred requests.
      ctx.response().putHeader(HttpHeaders.CONNECTION, "close");
      ctx.addEndHandler(done -> lingerThenClose(ctx.vertx(), request));
    }
    ctx.response()
      .setStatusCode(status)
      .putHeader("Content-Type", "application/json; charset=utf-8")
      .end(new JsonObject().put("error", code).put("message", text).encode());
  }

  /**
   * Drops what the client still sends, for at most {@link #LINGER_MILLIS}, then closes. Closing
   * with unread bytes in the socket makes the kernel reset the connection, and the client can
   * lose the answer before reading it (2 of 100 refused 4 MiB uploads did).
   */
  private static void lingerThenClose(Vertx vertx, HttpServerRequest request) {
    HttpConnection connection = request.connection();
    long timer = vertx.setTimer(LINGER_MILLIS, fired -> connection.close());
    request.exceptionHandler(ignored -> vertx.cancelTimer(timer));
    request.handler(UploadChunk::drop);
    request.endHandler(ended -> {
      vertx.cancelTimer(timer);
      connection.close();
    });
    request.resume();
  }

  /** Whether a failure only says that the client closed or reset its connection. */
  private static boolean clientWentAway(Throwable failure) {
    if (failure instanceof HttpClosedException || failure instanceof ClosedChannelException) {
      return true;
    }
    if (failure instanceof Errors.NativeIoException nativeIo) {
      return nativeIo.expectedErr() == Errors.ERRNO_EPIPE_NEGATIVE || nativeIo.expectedErr() == Errors.ERRNO_ECONNRESET_NEGATIVE;
    }
    // Java NIO (network.nativeTransport: false) says the same in words only.
    return failure instanceof IOException
      && ("Broken pipe".equals(failure.getMessage()) || "Connection reset by peer".equals(failure.getMessage()));
  }

  /**
   * Over HTTP/1.x, whether the request announced a body that has not all been read. (HTTP/2
   * flow control keeps an unread body small, and closing would end the connection's other
   * streams.) A request without a body may not be marked ended yet while it is handled.
   */
  private static boolean bodyUnread(HttpServerRequest request) {
    if (request.version() == HttpVersion.HTTP_2 || request.isEnded()) {
      return false;
    }
    String length = request.getHeader(HttpHeaders.CONTENT_LENGTH);
    return request.headers().contains(HttpHeaders.TRANSFER_ENCODING) || length != null && !length.equals("0");
  }
}
