package org.tidings.content;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.internal.buffer.BufferInternal;
import io.vertx.core.streams.WriteStream;

import java.io.EOFException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.util.ArrayDeque;

/**
 * One client reading a blob's temporary file while a node's bytes are still being written to
 * it. Reads run on a worker into a few direct buffers of its own, which go to the client as
 * they are (the socket takes them without another copy) and are read into again once the
 * client's write of them is done: the client's pace holds the reads back, and one read
 * overlaps the sending of the previous one. Everything but the reads runs on {@code context}.
 */
final class FileTail {

  private static final int CHUNK = 256 * 1024;
  private static final int BUFFERS = 2;

  /** What the tail asks the writer: how far the file is written, and to be told when it grows. */
  interface Source {
    long available();

    /** Runs {@code then}, on any thread, once more than {@code position} bytes are there or the transfer ended. */
    void whenBeyond(long position, Runnable then);

    /** Why the transfer ended short, once it did; null while it goes on or when it is complete. */
    Throwable failure(long position);
  }

  private final Context context;
  private final FileChannel file;
  private final WriteStream<Buffer> out;
  private final Source source;
  private final long end;
  private final Promise<Void> result = Promise.promise();
  private final ArrayDeque<ByteBuf> free = new ArrayDeque<>();
  private long position;
  private boolean reading;
  private boolean waiting;
  private int writing;

  FileTail(Context context, FileChannel file, WriteStream<Buffer> out, Source source, long offset, long length) {
    this.context = context;
    this.file = file;
    this.out = out;
    this.source = source;
    this.position = offset;
    this.end = offset + length;
    for (int i = 0; i < BUFFERS; i++) {
      free.add(Unpooled.directBuffer(CHUNK));
    }
  }

  /** Sends the range; completes once every byte was written to {@code out}, fails if the transfer broke. */
  Future<Void> run() {
    pump();
    return result.future();
  }

  private void pump() {
    if (result.future().isComplete()) {
      releaseIdle();
      return;
    }
    if (position >= end) {
      if (writing == 0) {
        releaseIdle();
        result.complete();
      }
      return;
    }
    if (reading || waiting || free.isEmpty()) {
      return;
    }
    long ready = Math.min(source.available(), end);
    if (ready <= position) {
      Throwable broken = source.failure(position);
      if (broken != null) {
        fail(broken);
        return;
      }
      waiting = true;
      source.whenBeyond(position, () -> context.runOnContext(v -> {
        waiting = false;
        pump();
      }));
      return;
    }
    ByteBuf buffer = free.poll();
    int n = (int) Math.min(CHUNK, ready - position);
    long at = position;
    reading = true;
    context.<ByteBuf>executeBlocking(() -> read(buffer, at, n), false).onComplete(read -> {
      reading = false;
      if (read.failed() || result.future().isComplete()) {
        free.add(buffer);
        if (read.failed()) {
          fail(read.cause());
        } else {
          releaseIdle();
        }
        return;
      }
      position += n;
      writing++;
      out.write(BufferInternal.buffer(buffer)).onComplete(written -> {
        writing--;
        free.add(buffer);
        if (written.failed()) {
          fail(written.cause());
        } else {
          pump();
        }
      });
      pump();
    });
  }

  private ByteBuf read(ByteBuf buffer, long at, int n) throws Exception {
    buffer.clear();
    ByteBuffer target = buffer.nioBuffer(0, n);
    while (target.hasRemaining()) {
      if (file.read(target, at + target.position()) < 0) {
        throw new EOFException("the file ended before " + (at + n) + " bytes");
      }
    }
    buffer.writerIndex(n);
    return buffer;
  }

  private void fail(Throwable cause) {
    result.tryFail(cause);
    releaseIdle();
  }

  /** Frees the buffers no read or write holds now; those still held are freed when they come back. */
  private void releaseIdle() {
    if (result.future().isComplete() || position >= end && writing == 0) {
      free.forEach(ByteBuf::release);
      free.clear();
    }
  }
}
