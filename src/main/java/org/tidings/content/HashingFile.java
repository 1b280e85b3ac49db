package org.tidings.content;

import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.internal.buffer.BufferInternal;
import io.vertx.core.streams.WriteStream;
import org.tidings.bus.Failure;
import org.tidings.content.node.Hashing;

import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;

/**
 * Where an upload is piped: each chunk is counted against the size limit and the cache's
 * room, then handed on in batches of {@link #BATCH} to two workers at once, one feeding
 * SHA-256 and one writing the temporary file (a gathering write of the chunks as they came,
 * no copy into a batch buffer). Each side keeps its batches in order; the two run side by
 * side, and up to {@link #MAX_IN_FLIGHT} bytes may wait for them, so the connection keeps
 * being read while a batch is hashed and written instead of taking turns with the disk.
 * Passing the limit fails the write at once ({@code 413}), and so does a full cache
 * ({@code 507}), so the pipe stops reading.
 */
final class HashingFile implements WriteStream<Buffer> {

  private static final int BATCH = 512 * 1024;
  private static final long MAX_IN_FLIGHT = 4L * 1024 * 1024;

  private final DiskCache cache;
  private final DiskCache.Temp temp;
  private final long limit;
  private final MessageDigest digest;

  private List<ByteBuffer> pending = new ArrayList<>();
  private long pendingBytes;
  private long inFlight;
  private long maxInFlight = MAX_IN_FLIGHT;
  /** The last batch of each side; the next one starts after it, so order is kept per side. */
  private Future<Void> hashed = Future.succeededFuture();
  private Future<Void> written = Future.succeededFuture();
  private Throwable failure;
  private Handler<Void> drainHandler;
  private Handler<Throwable> exceptionHandler;
  private long size;
  private long claimed;
  private Future<Void> closing;

  HashingFile(DiskCache cache, DiskCache.Temp temp, long limit) {
    this.cache = cache;
    this.temp = temp;
    this.limit = limit;
    this.digest = Hashing.sha256();
  }

  @Override
  public Future<Void> write(Buffer data) {
    if (closing != null) {
      return Future.failedFuture(new IllegalStateException("upload already ended"));
    }
    if (failure != null) {
      return Future.failedFuture(failure);
    }
    int length = data.length();
    if (size + length > limit) {
      return Future.failedFuture(Failure.of(413, "too_large", "The file is larger than " + limit + " bytes"));
    }
    if (!cache.claim(length)) {
      return Future.failedFuture(Failure.of(507, "insufficient_storage", "No room left for the file"));
    }
    claimed += length;
    size += length;
    // Request chunks are unpooled heap buffers the request hands over: kept, not copied.
    pending.add(((BufferInternal) data).getByteBuf().nioBuffer());
    pendingBytes += length;
    return pendingBytes >= BATCH ? flush() : Future.succeededFuture();
  }

  private Future<Void> flush() {
    if (pending.isEmpty()) {
      return Future.succeededFuture();
    }
    ByteBuffer[] toWrite = pending.toArray(ByteBuffer[]::new);
    // The hashing side reads its own views: the writing side moves the buffers' positions.
    ByteBuffer[] toHash = pending.stream().map(ByteBuffer::duplicate).toArray(ByteBuffer[]::new);
    long bytes = pendingBytes;
    pending = new ArrayList<>();
    pendingBytes = 0;
    inFlight += bytes;
    hashed = hashed.compose(ignored -> cache.blocking(() -> {
      for (ByteBuffer chunk : toHash) {
        digest.update(chunk);
      }
      return null;
    }));
    written = written.compose(ignored -> cache.blocking(() -> {
      long left = bytes;
      while (left > 0) {
        left -= temp.channel().write(toWrite);
      }
      return null;
    }));
    Future<Void> batch = Future.all(hashed, written).mapEmpty();
    batch.onComplete(done -> {
      inFlight -= bytes;
      if (done.failed() && failure == null) {
        failure = done.cause();
        if (exceptionHandler != null) {
          exceptionHandler.handle(failure);
        }
      }
      if (drainHandler != null && inFlight <= maxInFlight / 2) {
        Handler<Void> drained = drainHandler;
        drainHandler = null;
        drained.handle(null);
      }
    });
    return batch;
  }

  @Override
  public Future<Void> end() {
    return close();
  }

  /** Hands on what is left, waits for both sides, closes the file; fails if either side did. */
  private Future<Void> close() {
    if (closing == null) {
      flush();
      closing = Future.join(hashed, written).<Void>mapEmpty()
        .eventually(() -> cache.blocking(() -> {
          temp.channel().close();
          return null;
        }));
    }
    return closing;
  }

  long size() {
    return size;
  }

  String hash() {
    return Hashing.hex(digest);
  }

  /** Closes and deletes the temporary file, giving back its room. */
  Future<Void> discard() {
    pending.clear();
    pendingBytes = 0;
    return close().recover(e -> Future.succeededFuture())
      .compose(ignored -> cache.discard(temp.path(), claimed));
  }

  /** The bytes now belong to a cached blob (or were handed back by {@link #discard}). */
  DiskCache.Temp temp() {
    return temp;
  }

  @Override
  public WriteStream<Buffer> exceptionHandler(Handler<Throwable> handler) {
    exceptionHandler = handler;
    return this;
  }

  @Override
  public WriteStream<Buffer> setWriteQueueMaxSize(int maxSize) {
    maxInFlight = maxSize;
    return this;
  }

  @Override
  public boolean writeQueueFull() {
    return closing == null && inFlight + pendingBytes >= maxInFlight;
  }

  @Override
  public WriteStream<Buffer> drainHandler(Handler<Void> handler) {
    drainHandler = handler;
    return this;
  }
}
