package org.tidings.content;

import io.vertx.core.Future;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * A cached copy of a blob, open for reading, shared by the downloads that send it. Each one
 * holds it while it {@link #use}s it; the file is closed when nobody holds it any more (the
 * cache's own hold ends when it drops the copy). Reads are positional only, so sends from
 * several event loops do not disturb each other.
 */
public final class OpenCopy {

  private static final Logger LOG = LoggerFactory.getLogger(OpenCopy.class);

  private final FileChannel channel;
  private final AtomicInteger holds = new AtomicInteger(1);

  OpenCopy(FileChannel channel) {
    this.channel = channel;
  }

  /**
   * Runs {@code send} with the file and ends the caller's hold when its future completes, or
   * at once when it throws: a hold never ended would keep a dropped file's disk space.
   */
  public <T> Future<T> use(Function<FileChannel, Future<T>> send) {
    Future<T> sent;
    try {
      sent = send.apply(channel);
    } catch (RuntimeException e) {
      release();
      return Future.failedFuture(e);
    }
    return sent.onComplete(done -> release());
  }

  FileChannel channel() {
    return channel;
  }

  /** One more hold, unless the copy is already closed. */
  boolean hold() {
    while (true) {
      int now = holds.get();
      if (now == 0) {
        return false;
      }
      if (holds.compareAndSet(now, now + 1)) {
        return true;
      }
    }
  }

  /** Ends one hold; the last one closes the file. */
  void release() {
    if (holds.decrementAndGet() == 0) {
      try {
        channel.close();
      } catch (IOException e) {
        LOG.warn("Could not close a cached copy", e);
      }
    }
  }
}
