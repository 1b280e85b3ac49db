package org.tidings.content;

import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.file.AsyncFile;
import io.vertx.core.internal.buffer.BufferInternal;
import io.vertx.core.streams.WriteStream;
import org.tidings.content.node.Hashing;

import java.io.IOException;
import java.security.MessageDigest;

/**
 * Where a blob coming from a peer is piped: the bytes are counted and hashed, and go to the
 * {@link Fetch}'s temporary file (its back-pressure) in batches of {@value #BATCH} bytes (one
 * worker task per batch instead of one per network read); each batch on disk is announced to
 * the fetch's readers. More bytes than the blob has fail at once; {@link #verify} tells
 * whether what arrived is the blob.
 */
final class VerifyingFile implements WriteStream<Buffer> {

  private final AsyncFile file;
  private final Fetch fetch;
  private final Blob blob;
  private static final int BATCH = 512 * 1024;
  private static final int IN_FLIGHT = 4;

  private final MessageDigest digest = Hashing.sha256();
  private Buffer pending = Buffer.buffer(BATCH + 64 * 1024);
  private long written;

  VerifyingFile(AsyncFile file, Fetch fetch, Blob blob) {
    this.file = file;
    this.fetch = fetch;
    this.blob = blob;
    // A few batches in flight: with the file's default (128 KiB) every batch stops the
    // connection until it is on disk, and each stop costs two thread hand-offs.
    file.setWriteQueueMaxSize(IN_FLIGHT * BATCH);
  }

  @Override
  public Future<Void> write(Buffer data) {
    if (written + data.length() > blob.size()) {
      return Future.failedFuture(new IOException("a peer sent more than " + blob.size() + " bytes of " + blob.hash()));
    }
    written += data.length();
    digest.update(((BufferInternal) data).getByteBuf().nioBuffer());
    pending.appendBuffer(data);
    return pending.length() >= BATCH ? flush() : Future.succeededFuture();
  }

  private Future<Void> flush() {
    if (pending.length() == 0) {
      return Future.succeededFuture();
    }
    Buffer batch = pending;
    pending = Buffer.buffer(BATCH + 64 * 1024);
    long onDisk = written;
    return file.write(batch).onSuccess(ignored -> fetch.progress(onDisk));
  }

  @Override
  public Future<Void> end() {
    return flush().eventually(file::end);
  }

  Future<Void> verify() {
    String hash = Hashing.hex(digest);
    if (written != blob.size() || !hash.equals(blob.hash())) {
      return Future.failedFuture(new IOException("a peer sent " + written + " bytes hashing to " + hash
        + ", not blob " + blob.hash()));
    }
    return Future.succeededFuture();
  }

  @Override
  public WriteStream<Buffer> exceptionHandler(Handler<Throwable> handler) {
    file.exceptionHandler(handler);
    return this;
  }

  @Override
  public WriteStream<Buffer> setWriteQueueMaxSize(int maxSize) {
    file.setWriteQueueMaxSize(maxSize);
    return this;
  }

  @Override
  public boolean writeQueueFull() {
    return file.writeQueueFull();
  }

  @Override
  public WriteStream<Buffer> drainHandler(Handler<Void> handler) {
    file.drainHandler(handler);
    return this;
  }
}
