package org.tidings.content;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;

/**
 * Writes a file opened with {@code O_DIRECT}: the bytes go from an aligned buffer straight to
 * the disk, without a copy into the page cache and without the kernel's write-back work later,
 * which on a two-core machine competes with hashing for the CPU. Direct writes must start at a
 * block boundary and cover whole blocks, so parts are copied into an aligned staging buffer and
 * written in whole blocks; the bytes of a last, partial block wait for the next parts or for
 * {@link #finish}, which writes the block padded and cuts the file back to its size.
 * <p>
 * Not thread-safe: one writer at a time, in order (a worker thread).
 */
final class DirectWrites {

  private static final int STAGING = 1024 * 1024;

  private final FileChannel channel;
  private final int block;
  /**
   * Sized to what the first parts need, up to {@link #STAGING}: a small file (most uploads)
   * does not take a megabyte of direct memory, which goes back only when it is garbage.
   */
  private ByteBuffer staging;
  /** Where the first byte of {@link #staging} goes in the file; always a block boundary. */
  private long position;

  DirectWrites(FileChannel channel, int block) {
    this.channel = channel;
    this.block = block;
    this.staging = aligned(block);
  }

  /** Takes all remaining bytes of {@code parts}, writing every whole block they complete. */
  void write(ByteBuffer[] parts) throws IOException {
    long incoming = 0;
    for (ByteBuffer part : parts) {
      incoming += part.remaining();
    }
    makeRoom(incoming);
    for (ByteBuffer part : parts) {
      while (part.hasRemaining()) {
        int taken = Math.min(part.remaining(), staging.remaining());
        staging.put(staging.position(), part, part.position(), taken);
        staging.position(staging.position() + taken);
        part.position(part.position() + taken);
        if (!staging.hasRemaining()) {
          writeWholeBlocks();
        }
      }
    }
    writeWholeBlocks();
  }

  /** Writes what is staged, the last block padded with zeros, and cuts the file to its true size. */
  void finish() throws IOException {
    int tail = staging.position();
    if (tail > 0) {
      int padded = (tail + block - 1) / block * block;
      staging.put(tail, new byte[padded - tail]);
      writeFully(staging.slice(0, padded));
      channel.truncate(position + tail);
      staging.clear();
    }
  }

  /** Grows the staging buffer, up to {@link #STAGING}, to take {@code incoming} more bytes at once. */
  private void makeRoom(long incoming) {
    long wanted = Math.min(STAGING, staging.position() + incoming);
    if (wanted > staging.capacity()) {
      ByteBuffer larger = aligned((int) ((wanted + block - 1) / block * block));
      larger.put(staging.flip());
      staging = larger;
    }
  }

  /** A buffer of at least {@code capacity} bytes (a multiple of the block size) starting on a block boundary. */
  private ByteBuffer aligned(int capacity) {
    return ByteBuffer.allocateDirect(capacity + block).alignedSlice(block);
  }

  private void writeWholeBlocks() throws IOException {
    int whole = staging.position() / block * block;
    if (whole == 0) {
      return;
    }
    writeFully(staging.slice(0, whole));
    position += whole;
    staging.limit(staging.position()).position(whole);
    staging.compact();
  }

  private void writeFully(ByteBuffer aligned) throws IOException {
    long at = position;
    while (aligned.hasRemaining()) {
      at += channel.write(aligned, at);
    }
  }
}
