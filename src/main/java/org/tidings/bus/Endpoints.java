package org.tidings.bus;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.ClosedConnectionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.ConnectException;
import java.util.function.Function;

/**
 * Binds an event-bus address to a service method. The method answers a {@link Future} of the
 * reply body (or of {@code null} for "done, nothing to say"); a {@link Failure} goes back as
 * is; a database that cannot be reached is {@code 503 unavailable}, logged in one line (an
 * outage is not a fault of ours, and a stack trace per request would bury the log); anything
 * else is logged with the request id and answered as {@code 500 internal}. A request body that
 * is not a JSON object (a live socket may send any JSON) is a {@code 400}.
 */
public final class Endpoints {

  private static final Logger LOG = LoggerFactory.getLogger(Endpoints.class);

  private final Vertx vertx;

  public Endpoints(Vertx vertx) {
    this.vertx = vertx;
  }

  public MessageConsumer<Object> bind(String address, Function<Call, Future<?>> method) {
    return vertx.eventBus().consumer(address, message -> dispatch(address, message, method));
  }

  /** As {@link #bind}, for an address that only this instance's own gateway may call. */
  public MessageConsumer<Object> bindLocal(String address, Function<Call, Future<?>> method) {
    return vertx.eventBus().localConsumer(address, message -> dispatch(address, message, method));
  }

  private static void dispatch(String address, Message<Object> message, Function<Call, Future<?>> method) {
    Future<?> answer;
    try {
      Object body = message.body();
      if (body != null && !(body instanceof JsonObject)) {
        throw Failure.badRequest("The body must be a JSON object");
      }
      answer = method.apply(Call.of((JsonObject) body, message.headers()));
    } catch (RuntimeException e) {
      answer = Future.failedFuture(e);
    }
    answer.onComplete(result -> {
      if (result.succeeded()) {
        message.reply(result.result());
      } else {
        fail(address, message, result.cause());
      }
    });
  }

  private static void fail(String address, Message<Object> message, Throwable cause) {
    if (cause instanceof ReplyException reply && Failure.parse(reply) != null) {
      message.fail(reply.failureCode(), reply.getMessage());
      return;
    }
    Throwable unreachable = unreachable(cause);
    if (unreachable != null) {
      LOG.warn("request {} to {}: the database cannot be reached: {}", message.headers().get(Headers.REQUEST_ID),
        address, unreachable.toString());
      ReplyException unavailable = Failure.unavailable("The database cannot be reached now; try again shortly");
      message.fail(unavailable.failureCode(), unavailable.getMessage());
      return;
    }
    LOG.error("request {} to {} failed", message.headers().get(Headers.REQUEST_ID), address, cause);
    message.fail(500, "internal Something went wrong on our side");
  }

  /** The cause that says a connection could not be made or was lost, or null. */
  private static Throwable unreachable(Throwable failure) {
    for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
      if (cause instanceof ConnectException || cause instanceof ClosedConnectionException) {
        return cause;
      }
    }
    return null;
  }
}
