package org.tidings.content;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.UnpooledByteBufAllocator;
import io.netty.buffer.UnpooledDirectByteBuf;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.internal.buffer.BufferInternal;

import java.lang.ref.Cleaner;

/**
 * A part of an upload's body left in the pooled, direct buffer the socket was read into.
 * Vert.x copies each part of a request body from a pooled buffer into a new heap array (256
 * MiB of garbage per 256 MiB upload, and a further copy back to direct memory to write it);
 * a buffer that looks unpooled, as this one does, it hands on as it is. Whoever takes it from
 * the request ({@link HashingFile}) releases it once its bytes are hashed and written, which
 * gives the pooled memory back at once; a part nobody takes (the request failed while parts
 * still waited in Vert.x's queue) gives it back once it is garbage.
 */
public final class UploadChunk extends UnpooledDirectByteBuf {

  private static final Cleaner UNTAKEN = Cleaner.create();

  private final Cleaner.Cleanable giveBack;

  private UploadChunk(ByteBuf pooled) {
    super(UnpooledByteBufAllocator.DEFAULT, pooled.nioBuffer(), pooled.readableBytes());
    // The action holds the pooled buffer, never this chunk, so the chunk can become garbage.
    giveBack = UNTAKEN.register(this, pooled::release);
  }

  /**
   * {@code part} as an upload chunk that now owns it, or {@code part} itself when it is not one
   * direct region (Vert.x then copies it as before).
   */
  public static ByteBuf of(ByteBuf part) {
    return part.isDirect() && part.nioBufferCount() == 1 && part.isReadable() ? new UploadChunk(part) : part;
  }

  /** The chunk behind a buffer of a request body, or null when it is an ordinary buffer. */
  public static UploadChunk in(Buffer data) {
    for (ByteBuf view = ((BufferInternal) data).getByteBuf(); view != null; view = view.unwrap()) {
      if (view instanceof UploadChunk chunk) {
        return chunk;
      }
    }
    return null;
  }

  /** Gives back at once the memory of a part of a request body nobody will use (nothing for a heap part). */
  public static void drop(Buffer data) {
    UploadChunk chunk = in(data);
    if (chunk != null) {
      chunk.release();
    }
  }

  @Override
  protected void deallocate() {
    super.deallocate();
    giveBack.clean();
  }
}
