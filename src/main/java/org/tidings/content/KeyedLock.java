package org.tidings.content;

import io.vertx.core.Future;
import io.vertx.core.Promise;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

/**
 * Runs asynchronous tasks one after another per key, without blocking a thread. Used per
 * blob hash, so that adopting an upload, dropping bytes and evicting never interleave.
 */
final class KeyedLock {

  private final Map<String, Future<Void>> tails = new ConcurrentHashMap<>();

  <T> Future<T> run(String key, Supplier<Future<T>> task) {
    Promise<Void> released = Promise.promise();
    Future<Void> mine = released.future();
    AtomicReference<Future<Void>> before = new AtomicReference<>();
    tails.compute(key, (k, previous) -> {
      before.set(previous);
      return mine;
    });
    Future<Void> turn = before.get() == null ? Future.succeededFuture() : before.get();
    return turn.compose(ignored -> {
        try {
          return task.get();
        } catch (RuntimeException e) {
          return Future.<T>failedFuture(e);
        }
      })
      .onComplete(done -> {
        tails.remove(key, mine);
        released.complete();
      });
  }
}
