package org.tidings.content;

import com.sun.nio.file.ExtendedOpenOption;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Parts of any size, in any number, end up in a direct-written file as they came, and nothing more. */
class DirectWritesTest {

  private static final int BLOCK = 4096;

  private final ExecutorService writeThreads = Executors.newCachedThreadPool();

  @TempDir
  Path dir;

  @AfterEach
  void stopThreads() {
    writeThreads.shutdownNow();
  }

  @Test
  void partsOfOddSizesAreWrittenInOrderAndTheFileHasTheirExactLength() throws IOException {
    byte[] bytes = random(3 * 1024 * 1024 + 5 * BLOCK + 7);
    int[] cuts = {1, BLOCK - 1, BLOCK + 1, 100_000, 1024 * 1024 + 3, 7};

    Path file = written(bytes, cuts);

    assertThat(Files.readAllBytes(file)).isEqualTo(bytes);
  }

  @Test
  void partsLargerThanTheStagingBufferAndPartsGivenTogetherArriveWhole() throws IOException {
    byte[] bytes = random(5 * 1024 * 1024 + 3);
    Path file = dir.resolve("together.bin");
    FileChannel channel = openDirect(file);
    DirectWrites writes = new DirectWrites(channel, BLOCK, writeThreads);
    writes.write(new ByteBuffer[] {ByteBuffer.wrap(bytes, 0, 10), ByteBuffer.wrap(bytes, 10, 700_000)});
    writes.write(new ByteBuffer[] {ByteBuffer.wrap(bytes, 700_010, 3 * 1024 * 1024), ByteBuffer.wrap(bytes, 700_010
      + 3 * 1024 * 1024, bytes.length - 700_010 - 3 * 1024 * 1024)});
    writes.finish();
    channel.close();

    assertThat(Files.readAllBytes(file)).isEqualTo(bytes);
  }

  @Test
  void aFileOfWholeBlocksGetsNoPadding() throws IOException {
    byte[] bytes = random(8 * BLOCK);

    Path file = written(bytes, new int[] {BLOCK, 3 * BLOCK});

    assertThat(Files.size(file)).isEqualTo(8L * BLOCK);
    assertThat(Files.readAllBytes(file)).isEqualTo(bytes);
  }

  @Test
  void aWriteThatFailedInTheBackgroundFailsTheNextCall() throws IOException {
    Path file = dir.resolve("read-only.bin");
    Files.createFile(file);
    try (FileChannel readOnly = FileChannel.open(file, StandardOpenOption.READ)) {
      DirectWrites writes = new DirectWrites(readOnly, BLOCK, writeThreads);

      assertThatThrownBy(() -> {
        writes.write(new ByteBuffer[] {ByteBuffer.wrap(random(3 * 1024 * 1024))});
        writes.finish();
      }).isInstanceOf(IOException.class);
    }
  }

  @Test
  void anEmptyFileStaysEmpty() throws IOException {
    Path file = written(new byte[0], new int[0]);

    assertThat(Files.size(file)).isZero();
  }

  /** Writes {@code bytes} cut into parts of the given sizes in turn, the rest as one last part. */
  private Path written(byte[] bytes, int[] cuts) throws IOException {
    Path file = dir.resolve("direct.bin");
    FileChannel channel = openDirect(file);
    DirectWrites writes = new DirectWrites(channel, BLOCK, writeThreads);
    int at = 0;
    for (int i = 0; at < bytes.length; i++) {
      int length = i < cuts.length ? Math.min(cuts[i], bytes.length - at) : bytes.length - at;
      writes.write(new ByteBuffer[] {ByteBuffer.wrap(Arrays.copyOfRange(bytes, at, at + length))});
      at += length;
    }
    writes.finish();
    channel.close();
    return file;
  }

  /**
   * The file opened for direct writes, which refuse anything not aligned; where the temporary
   * folder's file system does not take them, a plain channel, on which the staging, padding and
   * cutting back are still checked.
   */
  private static FileChannel openDirect(Path file) throws IOException {
    try {
      return FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE, ExtendedOpenOption.DIRECT);
    } catch (IOException | UnsupportedOperationException e) {
      Files.deleteIfExists(file);
      return FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
    }
  }

  private static byte[] random(int length) {
    byte[] bytes = new byte[length];
    new Random(length).nextBytes(bytes);
    return bytes;
  }
}
