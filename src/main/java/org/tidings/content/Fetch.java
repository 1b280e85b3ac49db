package org.tidings.content;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.internal.ContextInternal;
import io.vertx.core.net.impl.VertxConnection;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

/**
 * One blob coming in from a node into a temporary file of the cache. Readers tail that file
 * as it grows, each at its own pace, so a client need not wait for the whole blob and any
 * number of clients share one transfer. The writer (a node worker thread) publishes how
 * many bytes are on disk; a reader waiting for more is woken on its own event loop
 * ({@link FileTail}).
 */
public final class Fetch implements FileTail.Source {

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

  /** A blob already in the cache at {@code cached}, read as a transfer that has ended. */
  static Fetch complete(Vertx vertx, String hash, long size, Path cached) {
    Fetch fetch = new Fetch(vertx, hash, size, cached, cached);
    fetch.progress(size);
    fetch.finish(null);
    return fetch;
  }

  Path temp() {
    return temp;
  }

  long lastProgressNanos() {
    return lastProgressNanos;
  }

  @Override
  public long available() {
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
   * Sends bytes {@code [offset, offset + length)} as the response's body with back-pressure,
   * taking them from the file as the writer provides them: with {@code sendfile} over HTTP/1.x,
   * read into buffers otherwise. The caller ends the response. Fails if the transfer breaks.
   */
  public Future<Void> streamTo(HttpServerResponse response, HttpConnection connection, long offset, long length) {
    ContextInternal context = (ContextInternal) vertx.getOrCreateContext();
    return context.executeBlocking(this::openFile, false)
      .compose(file -> new FileTail(context, file, sender(context, response, connection), this, offset, length).run()
        .eventually(() -> context.executeBlocking(() -> {
          file.close();
          return null;
        }, false)));
  }

  private static FileTail.Sender sender(ContextInternal context, HttpServerResponse response, HttpConnection connection) {
    return connection instanceof VertxConnection http1
      ? new SendfileSender(context, response, http1)
      : new BufferedSender(context, response);
  }

  /** The temporary file, or the cached copy once the transfer is over and the file was renamed. */
  private FileChannel openFile() throws IOException {
    try {
      return FileChannel.open(temp, StandardOpenOption.READ);
    } catch (NoSuchFileException e) {
      return FileChannel.open(cached, StandardOpenOption.READ);
    }
  }

  @Override
  public void whenBeyond(long position, Runnable then) {
    synchronized (this) {
      if (failure == null && !done && available <= position) {
        waiters.add(then);
        return;
      }
    }
    then.run();
  }

  @Override
  public synchronized Throwable failure(long position) {
    if (failure != null) {
      return failure;
    }
    if (done && available <= position) {
      return new IllegalStateException("blob " + hash + " ended at " + available + " of " + size + " bytes");
    }
    return null;
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
