package org.tidings.content;

import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.internal.buffer.BufferInternal;
import io.vertx.core.streams.WriteStream;
import org.tidings.bus.Failure;
import org.tidings.content.node.Hashing;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;

/**
 * Where an upload is piped: each chunk is counted against the size limit and the cache's
 * room, then handed on in batches of {@link #BATCH} to two sides at once, one feeding SHA-256
 * and one writing the temporary file, each a {@link SerialWork} queue that keeps its batches
 * in order. Up to {@link #MAX_IN_FLIGHT} bytes may wait for them, so the connection keeps
 * being read while a batch is hashed and written instead of taking turns with the disk.
 * Passing the limit fails the write at once ({@code 413}), and so does a full cache
 * ({@code 507}), so the pipe stops reading.
 * <p>
 * The file is written with {@link DirectWrites} when the cache chose direct writes for it
 * ({@link DiskCache#createTemp}), else through the page cache (a gathering write of the chunks as they came) and
 * flushed ({@code fdatasync}) in the background every {@link #SYNC_EVERY} bytes while the
 * next parts arrive. Either way it is flushed once more at the end and is on disk when
 * {@link #end} succeeds, so that an upload the server acknowledged survives a crash of the
 * machine.
 * <p>
 * Chunks of an HTTP/1.x upload are {@link UploadChunk}s in pooled memory: each is released
 * once both sides are done with its batch, or as soon as it is refused.
 */
final class HashingFile implements WriteStream<Buffer> {

  private static final int BATCH = 512 * 1024;
  private static final long MAX_IN_FLIGHT = 4L * 1024 * 1024;
  /**
   * Flushed only at the end, a 256 MiB upload waited for all of it after its last byte (0.63
   * to 0.71 s in all); flushed every 4 MiB in the background while the next parts arrive, it
   * took about 0.5 s (0.37 to 0.41 s unflushed; docs/benchmarks.md, "Durable, uncopied uploads").
   */
  private static final long SYNC_EVERY = 4L * 1024 * 1024;

  private final DiskCache cache;
  private final DiskCache.Temp temp;
  private final long limit;
  private final MessageDigest digest;
  /** Null when the temporary file is written through the page cache. */
  private final DirectWrites direct;
  private final SerialWork hashing;
  private final SerialWork writing;

  private List<ByteBuffer> pending = new ArrayList<>();
  private List<UploadChunk> pendingChunks = new ArrayList<>();
  private long pendingBytes;
  private long inFlight;
  private long maxInFlight = MAX_IN_FLIGHT;
  /** The last batch given to each side; a side fails all batches after one that failed. */
  private Future<Void> hashed = Future.succeededFuture();
  private Future<Void> written = Future.succeededFuture();
  private Future<Void> synced = Future.succeededFuture();
  private long unsynced;
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
    this.direct = temp.directBlock() > 0 ? cache.directWrites(temp) : null;
    this.hashing = cache.serialWork();
    this.writing = cache.serialWork();
  }

  @Override
  public Future<Void> write(Buffer data) {
    Throwable refused = refusal(data.length());
    if (refused != null) {
      UploadChunk.drop(data);
      return Future.failedFuture(refused);
    }
    UploadChunk chunk = UploadChunk.in(data);
    int length = data.length();
    claimed += length;
    size += length;
    // Request chunks are kept, not copied: unpooled heap buffers, or upload chunks released later.
    pending.add(((BufferInternal) data).getByteBuf().nioBuffer());
    if (chunk != null) {
      pendingChunks.add(chunk);
    }
    pendingBytes += length;
    return pendingBytes >= BATCH ? flush() : Future.succeededFuture();
  }

  /** Why {@code length} more bytes cannot be taken (claiming them when they can), or null. */
  private Throwable refusal(int length) {
    if (closing != null) {
      return new IllegalStateException("upload already ended");
    }
    if (failure != null) {
      return failure;
    }
    if (size + length > limit) {
      return Failure.of(413, "too_large", "The file is larger than " + limit + " bytes");
    }
    if (!cache.claim(length)) {
      return Failure.of(507, "insufficient_storage", "No room left for the file");
    }
    return null;
  }

  private Future<Void> flush() {
    if (pending.isEmpty()) {
      return Future.succeededFuture();
    }
    ByteBuffer[] toWrite = pending.toArray(ByteBuffer[]::new);
    // The hashing side reads its own views: the writing side moves the buffers' positions.
    ByteBuffer[] toHash = pending.stream().map(ByteBuffer::duplicate).toArray(ByteBuffer[]::new);
    List<UploadChunk> chunks = pendingChunks;
    long bytes = pendingBytes;
    pending = new ArrayList<>();
    pendingChunks = new ArrayList<>();
    pendingBytes = 0;
    inFlight += bytes;
    hashed = hashing.run(() -> {
      for (ByteBuffer chunk : toHash) {
        digest.update(chunk);
      }
    });
    written = writing.run(() -> write(toWrite, bytes));
    written.onSuccess(ignored -> syncInBackground(bytes));
    Future<Void> batch = Future.all(hashed, written).mapEmpty();
    // Both sides must have let go of the chunks, whether the batch failed or not.
    Future.join(hashed, written).onComplete(done -> chunks.forEach(UploadChunk::release));
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

  /** Blocking: writes all of {@code parts} at the end of the file. */
  private void write(ByteBuffer[] parts, long bytes) throws IOException {
    if (direct != null) {
      direct.write(parts);
      return;
    }
    long left = bytes;
    while (left > 0) {
      left -= temp.channel().write(parts);
    }
  }

  /** Starts a background flush when enough bytes were written since the last one ended. */
  private void syncInBackground(long bytes) {
    unsynced += bytes;
    if (direct == null && closing == null && unsynced >= SYNC_EVERY && synced.isComplete() && synced.succeeded()) {
      unsynced = 0;
      synced = cache.<Void>blocking(() -> {
        temp.channel().force(false);
        return null;
      });
    }
  }

  @Override
  public Future<Void> end() {
    return close();
  }

  /**
   * Hands on what is left, waits for both sides and the background flush, flushes the rest and
   * closes the file; fails if any of them did. A failed background flush fails the upload even
   * though a later one might pass: Linux reports a write-back error to one flush only.
   */
  private Future<Void> close() {
    if (closing == null) {
      flush();
      closing = Future.join(hashed, written, synced).<Void>mapEmpty()
        .transform(done -> cache.<Void>blocking(() -> {
          try (FileChannel file = temp.channel()) {
            if (done.succeeded()) {
              if (direct != null) {
                direct.finish();
              }
              file.force(false);
            }
          }
          return null;
        }).compose(closed -> done.succeeded() ? Future.succeededFuture() : Future.failedFuture(done.cause())));
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
    pendingChunks.forEach(UploadChunk::release);
    pendingChunks.clear();
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
