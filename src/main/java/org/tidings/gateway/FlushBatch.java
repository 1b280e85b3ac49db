package org.tidings.gateway;

import io.netty.channel.EventLoop;
import io.netty.channel.SingleThreadEventLoop;

import java.util.ArrayList;
import java.util.List;

/**
 * The flushes one event loop's live WebSockets asked for while the loop runs the tasks at hand,
 * done once per socket when that run ends. A flush is a {@code write} system call; a loop that
 * writes a busy socket several events in one run (a burst of a room's events, or a loop that
 * has fallen behind) sends them in one, and the peer reads them in one. A quiet loop runs one
 * task and flushes at once, so nothing waits longer than the loop takes to reach its next I/O.
 * Only the loop's own thread touches it.
 */
final class FlushBatch {

  private final EventLoop loop;
  private final Runnable flushAll = this::flushAll;
  private List<DeferredFlush> due = new ArrayList<>();

  FlushBatch(EventLoop loop) {
    this.loop = loop;
  }

  /** Whether sockets of {@code executor} may wait for this batch (only those of its own loop). */
  boolean serves(Object executor) {
    return executor == loop;
  }

  /** On the loop only: {@code socket} asked for a flush; it gets it when the loop's run of tasks ends. */
  void defer(DeferredFlush socket) {
    if (due.isEmpty()) {
      if (loop instanceof SingleThreadEventLoop tasks) {
        tasks.executeAfterEventLoopIteration(flushAll);
      } else {
        loop.execute(flushAll);
      }
    }
    due.add(socket);
  }

  /** A flush may write, and a write may ask for another flush: those go to the next batch. */
  private void flushAll() {
    List<DeferredFlush> flushing = due;
    due = new ArrayList<>(flushing.size());
    for (DeferredFlush socket : flushing) {
      socket.flushNow();
    }
  }
}
