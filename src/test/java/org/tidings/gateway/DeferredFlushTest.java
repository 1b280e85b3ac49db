package org.tidings.gateway;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOutboundHandlerAdapter;
import io.netty.channel.ChannelPromise;
import io.netty.channel.embedded.EmbeddedChannel;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A live socket's flushes wait for the end of its loop's run of tasks, or for the loop's flush
 * window timer when the socket was flushed within the window, then go out once, with every frame
 * written before them in the order written. Netty's embedded channel stands in for the socket,
 * its pending tasks for the rest of the loop's run and its scheduled tasks, on its own clock,
 * for the window's timer; {@link Wire}, next to the socket, records what each flush (each
 * {@code write} system call) would carry. Most tests run with the window off (0).
 */
class DeferredFlushTest {

  private static final long WINDOW_MILLIS = 10;

  private final EmbeddedChannel channel = new EmbeddedChannel();
  private final Wire wire = new Wire();
  private long windowMillis;

  @Test
  void framesFlushedDuringOneRunOfTasksLeaveInOneWriteInOrderWhenTheRunEnds() {
    deferringFor(channel);
    for (String frame : List.of("one", "two", "three")) {
      channel.pipeline().writeAndFlush(frame);
    }
    assertThat(wire.sent).as("nothing sent before the run ends").isEmpty();

    channel.runPendingTasks();
    assertThat(wire.sent).containsExactly(List.of("one", "two", "three"));
  }

  @Test
  void aLoneFrameGoesAtTheEndOfTheRunThatWroteIt() {
    deferringFor(channel);
    channel.pipeline().writeAndFlush("one");
    channel.runPendingTasks();
    channel.pipeline().writeAndFlush("two");
    channel.runPendingTasks();
    assertThat(wire.sent).containsExactly(List.of("one"), List.of("two"));
  }

  @Test
  void closingSendsWhatWaitsFirst() {
    deferringFor(channel);
    channel.pipeline().writeAndFlush("last words");
    channel.close();
    assertThat(wire.sent).containsExactly(List.of("last words"));
    assertThat(wire.closedAfter).as("frames sent before the close").isEqualTo(1);
  }

  @Test
  void aSocketOfAnotherLoopIsFlushedAtOnce() {
    deferringFor(new EmbeddedChannel());
    channel.pipeline().writeAndFlush("one");
    assertThat(wire.sent).containsExactly(List.of("one"));
  }

  @Test
  void aSocketThatCannotTakeMoreIsFlushedAtOnce() {
    deferringFor(channel);
    channel.pipeline().writeAndFlush("one");
    channel.unsafe().outboundBuffer().setUserDefinedWritability(1, false);
    // told at once, as Netty tells it when a write passes the high-water mark
    channel.pipeline().fireChannelWritabilityChanged();
    assertThat(wire.sent).as("flushed when its buffer filled").containsExactly(List.of("one"));
    channel.pipeline().writeAndFlush("two");
    assertThat(wire.sent).as("and while it stays full").containsExactly(List.of("one"), List.of("two"));
  }

  @Test
  void aFrameWithinTheWindowOfTheLastFlushWaitsForTheTimerAndLeavesWithTheOthersInOneWrite() {
    withWindow();
    channel.pipeline().writeAndFlush("one");
    channel.runPendingTasks();
    for (String frame : List.of("two", "three")) {
      channel.pipeline().writeAndFlush(frame);
      channel.runPendingTasks();
    }
    assertThat(wire.sent).as("not flushed yet").containsExactly(List.of("one"));

    windowPasses();
    assertThat(wire.sent).as("flushed after the timer ran").containsExactly(List.of("one"), List.of("two", "three"));
  }

  @Test
  void theFirstFrameToAQuietSocketIsNotHeldForTheWindow() {
    withWindow();
    channel.pipeline().writeAndFlush("hello");
    channel.runPendingTasks();
    assertThat(wire.sent).as("sent when the run ends").containsExactly(List.of("hello"));

    windowPasses();
    channel.pipeline().writeAndFlush("again");
    channel.runPendingTasks();
    assertThat(wire.sent).as("quiet again after a window").containsExactly(List.of("hello"), List.of("again"));
  }

  @Test
  void closingDuringTheWindowSendsWhatWaitsFirst() {
    withWindow();
    channel.pipeline().writeAndFlush("one");
    channel.runPendingTasks();
    channel.pipeline().writeAndFlush("last words");
    channel.runPendingTasks();
    channel.close();
    assertThat(wire.sent).containsExactly(List.of("one"), List.of("last words"));
    assertThat(wire.closedAfter).as("frames sent before the close").isEqualTo(2);
  }

  @Test
  void aSocketThatCannotTakeMoreIsNotHeldForTheWindow() {
    withWindow();
    channel.pipeline().writeAndFlush("one");
    channel.runPendingTasks();
    channel.pipeline().writeAndFlush("two");
    channel.unsafe().outboundBuffer().setUserDefinedWritability(1, false);
    channel.pipeline().fireChannelWritabilityChanged();
    assertThat(wire.sent).as("flushed when its buffer filled").containsExactly(List.of("one"), List.of("two"));
  }

  @Test
  void withTheWindowOffEveryRunOfTasksFlushes() {
    deferringFor(channel);
    channel.freezeTime();
    for (String frame : List.of("one", "two")) {
      channel.pipeline().writeAndFlush(frame);
      channel.runPendingTasks();
    }
    assertThat(wire.sent).containsExactly(List.of("one"), List.of("two"));
  }

  /** Flushes within {@value #WINDOW_MILLIS} ms of the last one wait for the window; the clock moves only when told. */
  private void withWindow() {
    windowMillis = WINDOW_MILLIS;
    channel.freezeTime();
    deferringFor(channel);
  }

  private void windowPasses() {
    channel.advanceTimeBy(WINDOW_MILLIS, TimeUnit.MILLISECONDS);
    channel.runPendingTasks();
  }

  /** Flushes of {@link #channel} wait for the runs of tasks of {@code loopOf}'s loop. */
  private void deferringFor(EmbeddedChannel loopOf) {
    channel.pipeline().addFirst(wire);
    channel.pipeline().addAfter(channel.pipeline().context(wire).name(), "deferred-flush",
      new DeferredFlush(new FlushBatch(loopOf.eventLoop(), windowMillis)));
  }

  /** What reaches the socket: each flush sends the frames written since the last one. */
  private static final class Wire extends ChannelOutboundHandlerAdapter {

    final List<List<Object>> sent = new ArrayList<>();
    int closedAfter = -1;
    private List<Object> written = new ArrayList<>();

    @Override
    public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
      // kept here: the embedded channel would run its pending tasks on every write that reaches it
      written.add(msg);
      promise.setSuccess();
    }

    @Override
    public void flush(ChannelHandlerContext ctx) {
      if (!written.isEmpty()) {
        sent.add(written);
        written = new ArrayList<>();
      }
    }

    @Override
    public void close(ChannelHandlerContext ctx, ChannelPromise promise) {
      closedAfter = sent.size();
      ctx.close(promise);
    }
  }
}
