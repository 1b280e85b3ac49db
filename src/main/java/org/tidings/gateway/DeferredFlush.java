package org.tidings.gateway;

import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;

/**
 * First in a live WebSocket's pipeline (nearest the socket, so every flush passes it): Vert.x
 * flushes every frame it writes, and this holds those flushes for the loop's
 * {@link FlushBatch}, so that the frames written to the socket during one run of the loop's
 * tasks, or within the flush window of its previous flush, leave together. Frames are written as Vert.x encodes them and in its order; only the
 * system call moves. A close, a full outbound buffer (over the channel's high-water mark) or
 * the handler's removal flushes at once.
 */
final class DeferredFlush extends ChannelDuplexHandler {

  private final FlushBatch batch;
  private ChannelHandlerContext context;
  private boolean pending;
  private long flushedAt = FlushBatch.NEVER;

  DeferredFlush(FlushBatch batch) {
    this.batch = batch;
  }

  @Override
  public void handlerAdded(ChannelHandlerContext ctx) {
    context = ctx;
  }

  @Override
  public void handlerRemoved(ChannelHandlerContext ctx) {
    flushNow();
  }

  @Override
  public void flush(ChannelHandlerContext ctx) {
    if (!batch.serves(ctx.executor()) || !ctx.channel().isWritable()) {
      pending = false;
      flushedAt = batch.now();
      ctx.flush();
    } else if (!pending) {
      pending = true;
      batch.defer(this, flushedAt);
    }
  }

  /** The flush held for the batch, if there still is one. */
  void flushNow() {
    if (pending) {
      pending = false;
      flushedAt = batch.now();
      context.flush();
    }
  }

  @Override
  public void close(ChannelHandlerContext ctx, ChannelPromise promise) {
    flushNow();
    ctx.close(promise);
  }

  @Override
  public void disconnect(ChannelHandlerContext ctx, ChannelPromise promise) {
    flushNow();
    ctx.disconnect(promise);
  }

  @Override
  public void channelWritabilityChanged(ChannelHandlerContext ctx) {
    if (!ctx.channel().isWritable()) {
      flushNow();
    }
    ctx.fireChannelWritabilityChanged();
  }
}
