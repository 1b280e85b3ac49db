package org.tidings.content;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Supplier;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.tidings.testing.Api.await;

/** An upload's hashing and writing each run their batches in order, one at a time, off the event loop. */
class SerialWorkTest {

  private Vertx vertx;
  private Context context;

  @BeforeEach
  void start() {
    vertx = Vertx.vertx();
    context = vertx.getOrCreateContext();
  }

  @AfterEach
  void close() {
    await(vertx.close());
  }

  @Test
  void tasksRunOneAtATimeInTheOrderGivenOnWorkerThreads() {
    SerialWork work = new SerialWork(vertx);
    List<Integer> ran = new ArrayList<>();
    AtomicInteger running = new AtomicInteger();
    AtomicInteger overlaps = new AtomicInteger();
    List<Boolean> onWorkers = new ArrayList<>();

    await(onContext(() -> Future.all(IntStream.range(0, 200).mapToObj(i -> work.run(() -> {
      if (running.incrementAndGet() > 1) {
        overlaps.incrementAndGet();
      }
      onWorkers.add(Context.isOnWorkerThread());
      LockSupport.parkNanos(i % 10 == 0 ? 1_000_000 : 0);
      ran.add(i);
      running.decrementAndGet();
    })).toList())));

    assertThat(ran).containsExactlyElementsOf(IntStream.range(0, 200).boxed().toList());
    assertThat(overlaps.get()).isZero();
    assertThat(onWorkers).containsOnly(true);
  }

  @Test
  void afterATaskFailedTheLaterOnesFailWithItsCauseWithoutRunning() {
    SerialWork work = new SerialWork(vertx);
    IOException broken = new IOException("disk gone");
    AtomicInteger ranAfter = new AtomicInteger();

    Future<Void> first = onContext(() -> work.run(() -> {
      throw broken;
    }));
    Future<Void> second = onContext(() -> work.run(ranAfter::incrementAndGet));

    assertThatThrownBy(() -> await(first)).hasRootCause(broken);
    assertThatThrownBy(() -> await(second)).hasRootCause(broken);
    assertThat(ranAfter.get()).isZero();
  }

  @Test
  void eachResultIsReportedOnTheCallersContext() {
    SerialWork work = new SerialWork(vertx);

    Context reported = await(onContext(() -> work.run(() -> { }).map(ignored -> Vertx.currentContext())));

    assertThat(reported).isSameAs(context);
  }

  private <T> Future<T> onContext(Supplier<Future<T>> task) {
    Promise<T> promise = Promise.promise();
    context.runOnContext(ignored -> task.get().onComplete(promise));
    return promise.future();
  }

}
