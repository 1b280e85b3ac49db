package org.tidings.content;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.internal.ContextInternal;
import io.vertx.core.internal.VertxInternal;

/**
 * Blocking tasks run in order on worker threads, each started as soon as the one before ended,
 * on the same thread while tasks are queued: a chain of {@code executeBlocking} calls would go
 * back to the event loop between two tasks to start the next, and a busy event loop (reading
 * the upload) would leave the worker idle meanwhile. Results are reported on the caller's
 * context. Once a task failed, the ones after it fail with the same cause without running.
 */
final class SerialWork {

  /** A blocking step. */
  interface Task {
    void run() throws Exception;
  }

  private final Vertx vertx;
  private final ContextInternal worker;
  /** Read and written by the tasks only, which the worker context runs one at a time. */
  private Throwable failed;

  SerialWork(Vertx vertx) {
    this.vertx = vertx;
    this.worker = ((VertxInternal) vertx).createWorkerContext();
  }

  /** Queues {@code task}; completes on the calling context once it ran. */
  Future<Void> run(Task task) {
    Promise<Void> done = ((ContextInternal) vertx.getOrCreateContext()).promise();
    worker.execute(() -> {
      if (failed != null) {
        done.fail(failed);
        return;
      }
      try {
        task.run();
        done.complete();
      } catch (Throwable e) {
        failed = e;
        done.fail(e);
      }
    });
    return done.future();
  }
}
