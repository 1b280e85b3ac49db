package org.tidings.gateway;

import io.netty.channel.EventLoop;
import io.netty.channel.SingleThreadEventLoop;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The flushes one event loop's live WebSockets asked for, done once per socket later. A flush
 * is a {@code write} system call; a loop that writes a busy socket several events before it is
 * flushed sends them in one, and the peer reads them in one.
 *
 * <p>A socket that has not been flushed within the window is flushed when the loop's run of
 * tasks ends: a quiet loop runs one task and flushes at once, so a lone event is not held back.
 * A socket flushed less than the window ago waits for the loop's window timer (one per loop,
 * set when the first such socket waits), so a busy socket is written at most about once per
 * window: at 60,000 deliveries/s a 20 ms window cut writes per delivery from 0.78 to 0.58 and
 * CPU per delivery by a quarter (docs/benchmarks.md). A window of 0 leaves only the end of the
 * run. Only the loop's own thread touches it.
 */
final class FlushBatch {

  /** What {@link DeferredFlush} holds as its last flush before its first. */
  static final long NEVER = Long.MIN_VALUE;

  private final EventLoop loop;
  private final long windowNanos;
  private final Runnable flushRun = () -> flushAll(false);
  private final Runnable flushWindow = () -> flushAll(true);
  private List<DeferredFlush> dueAtEndOfRun = new ArrayList<>();
  private List<DeferredFlush> dueAtWindow = new ArrayList<>();

  FlushBatch(EventLoop loop, long windowMillis) {
    this.loop = loop;
    this.windowNanos = TimeUnit.MILLISECONDS.toNanos(windowMillis);
  }

  /** Whether sockets of {@code executor} may wait for this batch (only those of its own loop). */
  boolean serves(Object executor) {
    return executor == loop;
  }

  /** The loop's clock, for {@link DeferredFlush} to note when it flushed. */
  long now() {
    return loop.ticker().nanoTime();
  }

  /**
   * On the loop only: {@code socket}, last flushed at {@code flushedAt} (or {@link #NEVER}),
   * asked for a flush; it gets it when the loop's run of tasks ends, or if it was flushed within
   * the window, when the window's timer runs.
   */
  void defer(DeferredFlush socket, long flushedAt) {
    if (windowNanos > 0 && flushedAt != NEVER && now() - flushedAt < windowNanos) {
      if (dueAtWindow.isEmpty()) {
        loop.schedule(flushWindow, windowNanos, TimeUnit.NANOSECONDS);
      }
      dueAtWindow.add(socket);
      return;
    }
    if (dueAtEndOfRun.isEmpty()) {
      if (loop instanceof SingleThreadEventLoop tasks) {
        tasks.executeAfterEventLoopIteration(flushRun);
      } else {
        loop.execute(flushRun);
      }
    }
    dueAtEndOfRun.add(socket);
  }

  /** A flush may write, and a write may ask for another flush: those go to the next batch. */
  private void flushAll(boolean window) {
    List<DeferredFlush> flushing = window ? dueAtWindow : dueAtEndOfRun;
    if (window) {
      dueAtWindow = new ArrayList<>(flushing.size());
    } else {
      dueAtEndOfRun = new ArrayList<>(flushing.size());
    }
    for (DeferredFlush socket : flushing) {
      socket.flushNow();
    }
  }
}
