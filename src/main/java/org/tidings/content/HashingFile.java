package org.tidings.content;

import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.internal.buffer.BufferInternal;
import io.vertx.core.streams.WriteStream;
import org.tidings.bus.Failure;
import org.tidings.content.node.Hashing;

import java.security.MessageDigest;

/**
 * Where an upload is piped: each chunk is counted against the size limit and the cache's
 * room, fed to SHA-256 and written to a temporary file of the cache in batches of 512 KiB
 * (HTTP chunks are 8 KiB). Back-pressure is the file's. Passing the limit fails the write
 * at once ({@code 413}), and so does a full cache ({@code 507}), so the pipe stops reading.
 */
final class HashingFile implements WriteStream<Buffer> {

  private final DiskCache cache;
  private final DiskCache.Temp temp;
  private final long limit;
  private static final int BATCH = 512 * 1024;

  private final MessageDigest digest;
  private Buffer pending = Buffer.buffer(BATCH + 64 * 1024);
  private long written;
  private long claimed;
  private boolean closed;

  HashingFile(DiskCache cache, DiskCache.Temp temp, long limit) {
    this.cache = cache;
    this.temp = temp;
    this.limit = limit;
    this.digest = Hashing.sha256();
  }

  @Override
  public Future<Void> write(Buffer data) {
    if (closed) {
      return Future.failedFuture(new IllegalStateException("upload already ended"));
    }
    int length = data.length();
    if (written + length > limit) {
      return Future.failedFuture(Failure.of(413, "too_large", "The file is larger than " + limit + " bytes"));
    }
    if (!cache.claim(length)) {
      return Future.failedFuture(Failure.of(507, "insufficient_storage", "No room left for the file"));
    }
    claimed += length;
    written += length;
    digest.update(((BufferInternal) data).getByteBuf().nioBuffer());
    pending.appendBuffer(data);
    return pending.length() >= BATCH ? flush() : Future.succeededFuture();
  }

  /** One worker task per batch instead of one per HTTP chunk. */
  private Future<Void> flush() {
    if (pending.length() == 0) {
      return Future.succeededFuture();
    }
    Buffer batch = pending;
    pending = Buffer.buffer(BATCH + 64 * 1024);
    return temp.file().write(batch);
  }

  @Override
  public Future<Void> end() {
    return close();
  }

  private Future<Void> close() {
    if (closed) {
      return Future.succeededFuture();
    }
    closed = true;
    return flush().eventually(() -> temp.file().close());
  }

  long size() {
    return written;
  }

  String hash() {
    return Hashing.hex(digest);
  }

  /** Closes and deletes the temporary file, giving back its room. */
  Future<Void> discard() {
    pending = Buffer.buffer();
    return close().recover(e -> Future.succeededFuture())
      .compose(ignored -> cache.discard(temp.path(), claimed));
  }

  /** The bytes now belong to a cached blob (or were handed back by {@link #discard}). */
  DiskCache.Temp temp() {
    return temp;
  }

  @Override
  public WriteStream<Buffer> exceptionHandler(Handler<Throwable> handler) {
    if (!closed) {
      temp.file().exceptionHandler(handler);
    }
    return this;
  }

  @Override
  public WriteStream<Buffer> setWriteQueueMaxSize(int maxSize) {
    if (!closed) {
      temp.file().setWriteQueueMaxSize(maxSize);
    }
    return this;
  }

  @Override
  public boolean writeQueueFull() {
    return !closed && temp.file().writeQueueFull();
  }

  @Override
  public WriteStream<Buffer> drainHandler(Handler<Void> handler) {
    if (!closed) {
      temp.file().drainHandler(handler);
    }
    return this;
  }
}
