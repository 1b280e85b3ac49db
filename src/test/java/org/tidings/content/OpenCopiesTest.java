package org.tidings.content;

import io.vertx.core.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Cached copies kept open between downloads, and closed once the cache has dropped them. */
class OpenCopiesTest {

  @TempDir
  Path dir;

  @Test
  void aCopyInDemandIsOpenedOnceAndSharedBySends() throws IOException {
    Files.writeString(dir.resolve("aa"), "bytes");
    OpenCopies copies = new OpenCopies(dir::resolve);

    OpenCopy first = copies.open("aa");
    OpenCopy second = copies.open("aa");

    assertThat(second).isSameAs(first);
    assertThat(read(second)).isEqualTo("bytes");
  }

  @Test
  void aCopyKnowsItsLengthWithoutAskingTheFileSystemAgain() throws IOException {
    Path file = Files.writeString(dir.resolve("ab"), "bytes");
    OpenCopies copies = new OpenCopies(dir::resolve);
    OpenCopy copy = copies.open("ab");

    // a blob never changes: a different length on disk can only mean the length was read again
    Files.writeString(file, "more bytes");

    assertThat(copy.file().length()).isEqualTo(5);
  }

  @Test
  void aBlobThisCacheDoesNotHoldIsNoSuchFile() {
    OpenCopies copies = new OpenCopies(dir::resolve);

    assertThatThrownBy(() -> copies.open("bb")).isInstanceOf(NoSuchFileException.class);
    assertThat(copies.size()).isZero();
  }

  @Test
  void aDroppedCopyStaysReadableForTheSendHoldingItAndIsClosedWhenThatSendEnds() throws IOException {
    Path file = Files.writeString(dir.resolve("cc"), "bytes");
    OpenCopies copies = new OpenCopies(dir::resolve);
    OpenCopy copy = copies.open("cc");
    FileChannel channel = copy.file().getChannel();
    copy.release();
    copy = copies.open("cc");

    Files.delete(file);
    copies.close("cc");

    assertThat(channel.isOpen()).isTrue();
    assertThat(read(copy)).isEqualTo("bytes");
    assertThat(channel.isOpen()).isFalse();
    assertThatThrownBy(() -> copies.open("cc")).isInstanceOf(NoSuchFileException.class);
  }

  @Test
  void aCopyDroppedWhileItWasBeingOpenedIsNotKept() throws IOException {
    Files.writeString(dir.resolve("dd"), "bytes");
    AtomicReference<OpenCopies> copies = new AtomicReference<>();
    copies.set(new OpenCopies(hash -> {
      // the cache drops the blob between the open and the moment the copy would be kept
      copies.get().close(hash);
      return dir.resolve(hash);
    }));

    OpenCopy copy = copies.get().open("dd");
    FileChannel channel = copy.file().getChannel();

    assertThat(copies.get().size()).isZero();
    assertThat(read(copy)).isEqualTo("bytes");
    assertThat(channel.isOpen()).isFalse();
  }

  @Test
  void aSendThatThrowsEndsItsHold() throws IOException {
    Files.writeString(dir.resolve("ee"), "bytes");
    OpenCopies copies = new OpenCopies(dir::resolve);
    OpenCopy copy = copies.open("ee");

    Future<Void> sent = copy.use(file -> {
      throw new IllegalStateException("head already written");
    });
    copies.close("ee");

    assertThat(sent.failed()).isTrue();
    assertThat(copy.file().getChannel().isOpen()).isFalse();
  }

  @Test
  void pastTheLimitTheKeptCopiesAreLetGoAndClosedOnceUnused() throws IOException {
    OpenCopies copies = new OpenCopies(dir::resolve);
    OpenCopy first = null;
    for (int i = 0; i <= OpenCopies.MAX_OPEN; i++) {
      Files.writeString(dir.resolve("f" + i), "bytes");
      OpenCopy copy = copies.open("f" + i);
      if (first == null) {
        first = copy;
      }
      copy.release();
    }

    assertThat(copies.size()).isEqualTo(1);
    assertThat(first.file().getChannel().isOpen()).isFalse();
  }

  /** The whole copy, read as a send would (positional reads), ending the caller's hold. */
  private static String read(OpenCopy copy) {
    AtomicReference<String> text = new AtomicReference<>();
    copy.use(file -> {
      try {
        ByteBuffer bytes = ByteBuffer.allocate((int) file.length());
        file.getChannel().read(bytes, 0);
        text.set(new String(bytes.array()));
        return Future.succeededFuture();
      } catch (IOException e) {
        return Future.failedFuture(e);
      }
    });
    return text.get();
  }
}
