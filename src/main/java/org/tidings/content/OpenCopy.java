package org.tidings.content;

import io.vertx.core.Future;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * A cached copy of a blob, open for reading, shared by the downloads that send it. Each one
 * holds it while it {@link #use}s it; the file is closed when nobody holds it any more (the
 * cache's own hold ends when it drops the copy). Sends read it at the positions they are given
 * (never through the file pointer), so sends from several event loops do not disturb each other.
 */
public final class OpenCopy {

  private static final Logger LOG = LoggerFactory.getLogger(OpenCopy.class);

  private final RandomAccessFile file;
  private final AtomicInteger holds = new AtomicInteger(1);

  OpenCopy(RandomAccessFile file) {
    this.file = file;
  }

  /**
   * Runs {@code send} with the file and ends the caller's hold when its future completes, or
   * at once when it throws: a hold never ended would keep a dropped file's disk space.
   */
  public <T> Future<T> use(Function<RandomAccessFile, Future<T>> send) {
    Future<T> sent;
    try {
      sent = send.apply(file);
    } catch (RuntimeException e) {
      release();
      return Future.failedFuture(e);
    }
    return sent.onComplete(done -> release());
  }

  RandomAccessFile file() {
    return file;
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
        file.close();
      } catch (IOException e) {
        LOG.warn("Could not close a cached copy", e);
      }
    }
  }
}
