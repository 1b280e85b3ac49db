package org.tidings.content;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.file.AsyncFile;
import io.vertx.core.file.OpenOptions;
import io.vertx.core.streams.WriteStream;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * One blob coming in from a node into a temporary file of the cache. Readers tail that file
 * as it grows, each at its own pace, so a client need not wait for the whole blob and any
 * number of clients share one transfer. The writer (a node worker thread) publishes how
 * many bytes are on disk; a reader waiting for more is woken on its own event loop.
 */
public final class Fetch {

  private static final int CHUNK = 256 * 1024;

  private final Vertx vertx;
  private final String hash;
  private final long size;
  private final Path temp;
  private final Path cached;
  private final Promise<Void> started = Promise.promise();
  private final List<Runnable> waiters = new ArrayList<>();
  private volatile long available;
  private volatile long lastProgressNanos = System.nanoTime();
  private Throwable failure;
  private boolean done;

  Fetch(Vertx vertx, String hash, long size, Path temp, Path cached) {
    this.vertx = vertx;
    this.hash = hash;
    this.size = size;
    this.temp = temp;
    this.cached = cached;
  }

  Path temp() {
    return temp;
  }

  long lastProgressNanos() {
    return lastProgressNanos;
  }

  long available() {
    return available;
  }

  /** Completes once the first bytes are on disk (or the blob is complete); fails if no node could start. */
  public Future<Void> started() {
    return started.future();
  }

  /** Called by the writer after each chunk reached the file. */
  void progress(long bytes) {
    available = bytes;
    lastProgressNanos = System.nanoTime();
    started.tryComplete();
    wake();
  }

  /** Called once: the blob is complete and verified ({@code failure == null}) or broken. */
  void finish(Throwable failure) {
    synchronized (this) {
      this.failure = failure;
      this.done = true;
    }
    if (failure == null) {
      started.tryComplete();
    } else {
      started.tryFail(failure);
    }
    wake();
  }

  /**
   * Writes bytes {@code [offset, offset + length)} to {@code out} with back-pressure, reading
   * them from the file as the writer provides them. Fails if the transfer breaks.
   */
  public Future<Void> streamTo(WriteStream<Buffer> out, long offset, long length) {
    Context context = vertx.getOrCreateContext();
    OpenOptions read = new OpenOptions().setRead(true).setWrite(false).setCreate(false);
    return vertx.fileSystem().open(temp.toString(), read)
      .recover(e -> vertx.fileSystem().open(cached.toString(), read))
      .compose(file -> {
        Promise<Void> result = Promise.promise();
        pump(context, file, out, offset, offset + length, result);
        return result.future().eventually(file::close);
      });
  }

  private void pump(Context context, AsyncFile file, WriteStream<Buffer> out, long position, long end,
                    Promise<Void> result) {
    if (result.future().isComplete()) {
      return;
    }
    if (position >= end) {
      result.complete();
      return;
    }
    long ready = Math.min(available, end);
    if (ready <= position) {
      Throwable broken;
      synchronized (this) {
        broken = failure;
        if (broken == null && !done && available <= position) {
          waiters.add(() -> context.runOnContext(v -> pump(context, file, out, position, end, result)));
          return;
        }
      }
      if (broken != null) {
        result.fail(broken);
      } else if (available <= position) {
        result.fail(new IllegalStateException("blob " + hash + " ended at " + available + " of " + size + " bytes"));
      } else {
        pump(context, file, out, position, end, result);
      }
      return;
    }
    int n = (int) Math.min(CHUNK, ready - position);
    file.read(Buffer.buffer(n), 0, position, n).onComplete(read -> {
      if (read.failed()) {
        result.fail(read.cause());
        return;
      }
      Buffer chunk = read.result();
      out.write(chunk).onFailure(result::tryFail);
      long next = position + chunk.length();
      if (out.writeQueueFull()) {
        out.drainHandler(v -> pump(context, file, out, next, end, result));
      } else {
        pump(context, file, out, next, end, result);
      }
    });
  }

  private void wake() {
    List<Runnable> woken;
    synchronized (this) {
      woken = List.copyOf(waiters);
      waiters.clear();
    }
    woken.forEach(Runnable::run);
  }
}
