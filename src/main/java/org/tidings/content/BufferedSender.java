package org.tidings.content;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.internal.buffer.BufferInternal;
import io.vertx.core.streams.WriteStream;

import java.io.EOFException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.util.ArrayDeque;

/**
 * Sends a {@link FileTail}'s parts to any stream: each is read on a worker into one of two
 * direct buffers of its own, which goes to the stream as it is (the socket takes it without
 * another copy) and is read into again once that write is done, so one read overlaps the
 * sending of the previous part. For connections that cannot send from the file itself
 * (HTTP/2); {@link SendfileSender} does that for HTTP/1.x.
 */
final class BufferedSender implements FileTail.Sender {

  private static final int CHUNK = 256 * 1024;
  private static final int BUFFERS = 2;

  private final Context context;
  private final WriteStream<Buffer> out;
  private final ArrayDeque<ByteBuf> free = new ArrayDeque<>();
  private boolean closed;

  BufferedSender(Context context, WriteStream<Buffer> out) {
    this.context = context;
    this.out = out;
    for (int i = 0; i < BUFFERS; i++) {
      free.add(Unpooled.directBuffer(CHUNK));
    }
  }

  @Override
  public int parts() {
    return BUFFERS;
  }

  @Override
  public long largest() {
    return CHUNK;
  }

  @Override
  public FileTail.Part send(FileChannel file, long at, long length) {
    ByteBuf buffer = free.poll();
    Future<ByteBuf> read = context.executeBlocking(() -> read(file, buffer, at, (int) length), false);
    Future<Void> sent = read.compose(filled -> out.write(BufferInternal.buffer(filled)))
      .onComplete(done -> giveBack(buffer));
    return new FileTail.Part(read.mapEmpty(), sent);
  }

  @Override
  public void close() {
    closed = true;
    free.forEach(ByteBuf::release);
    free.clear();
  }

  private void giveBack(ByteBuf buffer) {
    if (closed) {
      buffer.release();
    } else {
      free.add(buffer);
    }
  }

  private static ByteBuf read(FileChannel file, ByteBuf buffer, long at, int n) throws Exception {
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
}
