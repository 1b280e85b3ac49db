package org.tidings.gateway;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;

/**
 * Hands an outcome to a given context: state owned by one event loop is only touched there.
 * A Vert.x future tells its listeners on the context it was made on, so a future shared by
 * requests of several loops (one fetch of a blob, a lock per hash) would otherwise run the
 * continuation of a request, and its writes to the connection, on another request's loop;
 * with {@code http.strictThreadMode} such a write fails.
 */
final class OnContext {

  private OnContext() {
  }

  /**
   * The same outcome, told on {@code context}. Even a completed future is re-wrapped: its own
   * context, not the caller's, would run what is chained to it.
   */
  static <T> Future<T> of(Context context, Future<T> future) {
    Promise<T> promise = Promise.promise();
    future.onComplete((result, failure) -> {
      if (Vertx.currentContext() == context) {
        promise.complete(result, failure);
      } else {
        context.runOnContext(ignored -> promise.complete(result, failure));
      }
    });
    return promise.future();
  }

  /** Runs {@code action} on {@code context}: at once when already there. */
  static void run(Context context, Runnable action) {
    if (Vertx.currentContext() == context) {
      action.run();
    } else {
      context.runOnContext(ignored -> action.run());
    }
  }
}
