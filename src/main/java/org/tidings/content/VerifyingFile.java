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
 * Where a blob coming from a peer is piped: the bytes go to the {@link Fetch}'s temporary
 * file (its back-pressure), are counted and hashed, and each chunk on disk is announced to the
 * fetch's readers. More bytes than the blob has fail at once; {@link #verify} tells whether
 * what arrived is the blob.
 */
final class VerifyingFile implements WriteStream<Buffer> {

  private final AsyncFile file;
  private final Fetch fetch;
  private final Blob blob;
  private final MessageDigest digest = Hashing.sha256();
  private long written;

  VerifyingFile(AsyncFile file, Fetch fetch, Blob blob) {
    this.file = file;
    this.fetch = fetch;
    this.blob = blob;
  }

  @Override
  public Future<Void> write(Buffer data) {
    if (written + data.length() > blob.size()) {
      return Future.failedFuture(new IOException("a peer sent more than " + blob.size() + " bytes of " + blob.hash()));
    }
    written += data.length();
    long onDisk = written;
    digest.update(((BufferInternal) data).getByteBuf().nioBuffer());
    return file.write(data).onSuccess(ignored -> fetch.progress(onDisk));
  }

  @Override
  public Future<Void> end() {
    return file.end();
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
