package org.tidings.gateway;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;

/** Hands an outcome to a given context: state owned by one event loop is only touched there. */
final class OnContext {

  private OnContext() {
  }

  /** The same outcome, told on {@code context} (at once when it is already complete). */
  static <T> Future<T> of(Context context, Future<T> future) {
    if (future.isComplete()) {
      return future;
    }
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
}
