package org.tidings.content;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.internal.buffer.BufferInternal;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.tidings.content.ContentFixtures.randomBytes;
import static org.tidings.content.ContentFixtures.sha256;
import static org.tidings.testing.Eventually.eventually;

/** An upload's parts in pooled memory are given back once used, or as soon as they are refused. */
class HashingFileTest {

  private static final int PART = 64 * 1024;

  @TempDir
  Path dir;

  private Vertx vertx;
  /** The upload's event loop: a HashingFile is used from one, as a request's pipe uses it. */
  private Context context;
  private DiskCache cache;
  private final List<ByteBuf> pooled = new ArrayList<>();

  @BeforeEach
  void openCache() throws Exception {
    vertx = Vertx.vertx();
    context = vertx.getOrCreateContext();
    cache = new DiskCache(vertx, dir, 64L * 1024 * 1024);
    done(cache.open());
  }

  @AfterEach
  void close() throws Exception {
    done(vertx.close());
  }

  @Test
  void partsAreHashedWrittenAndGivenBackOnceTheUploadEnds() throws Exception {
    Buffer bytes = randomBytes(40 * PART + 123, 1);
    HashingFile upload = new HashingFile(cache, done(cache.createTemp(null)), Long.MAX_VALUE);

    done(onContext(() -> writeAll(upload, bytes).compose(ignored -> upload.end())));

    assertThat(upload.hash()).isEqualTo(sha256(bytes));
    assertThat(Files.readAllBytes(upload.temp().path())).isEqualTo(bytes.getBytes());
    assertThat(pooled).allSatisfy(part -> assertThat(part.refCnt()).isZero());
  }

  @Test
  void aFileKnownToBeSmallIsWrittenThroughThePageCacheALargeOrUnknownOneDirectly() throws Exception {
    DiskCache.Temp small = done(cache.createTemp(DiskCache.DIRECT_FROM - 1));
    DiskCache.Temp large = done(cache.createTemp(DiskCache.DIRECT_FROM));
    DiskCache.Temp unknown = done(cache.createTemp(null));

    assertThat(small.directBlock()).isZero();
    assertThat(unknown.directBlock()).isEqualTo(large.directBlock());
    for (DiskCache.Temp temp : List.of(small, large, unknown)) {
      temp.channel().close();
    }
  }

  @Test
  void whereDirectWritesAreRefusedTheUploadIsWrittenThroughThePageCache() throws Exception {
    Buffer bytes = randomBytes(40 * PART + 123, 4);
    Path path = cache.temp(UUID.randomUUID().toString());
    DiskCache.Temp buffered = new DiskCache.Temp(path, FileChannel.open(path, StandardOpenOption.CREATE_NEW,
      StandardOpenOption.WRITE), 0);
    HashingFile upload = new HashingFile(cache, buffered, Long.MAX_VALUE);

    done(onContext(() -> writeAll(upload, bytes).compose(ignored -> upload.end())));

    assertThat(upload.hash()).isEqualTo(sha256(bytes));
    assertThat(Files.readAllBytes(path)).isEqualTo(bytes.getBytes());
  }

  @Test
  void aPartPastTheLimitIsRefusedAndEveryPartIsGivenBackWhenTheUploadIsDiscarded() throws Exception {
    HashingFile upload = new HashingFile(cache, done(cache.createTemp(null)), 3L * PART);

    Future<Void> writes = onContext(() -> writeAll(upload, randomBytes(4 * PART, 2)));

    assertThatThrownBy(() -> done(writes)).hasCauseInstanceOf(ReplyException.class).hasMessageContaining("too_large");
    assertThat(pooled.get(3).refCnt()).isZero();
    done(onContext(upload::discard));
    assertThat(pooled).allSatisfy(part -> assertThat(part.refCnt()).isZero());
    assertThat(upload.temp().path()).doesNotExist();
  }

  @Test
  void aPartNobodyTookGivesItsMemoryBackOnceItIsGarbage() {
    ByteBuf part = pooledCopy(randomBytes(PART, 3));
    UploadChunk.of(part);

    eventually("the part was given back", () -> {
      System.gc();
      return part.refCnt() == 0;
    });
  }

  /** Writes {@code bytes} as upload chunks, each after the last one's write is done. */
  private Future<Void> writeAll(HashingFile upload, Buffer bytes) {
    Future<Void> last = Future.succeededFuture();
    for (int at = 0; at < bytes.length(); at += PART) {
      Buffer part = BufferInternal.buffer(UploadChunk.of(pooledCopy(bytes.slice(at, Math.min(at + PART, bytes.length())))));
      last = last.compose(ignored -> upload.write(part));
    }
    return last;
  }

  private ByteBuf pooledCopy(Buffer bytes) {
    ByteBuf part = PooledByteBufAllocator.DEFAULT.directBuffer(bytes.length());
    part.writeBytes(bytes.getBytes());
    pooled.add(part);
    return part;
  }

  private <T> Future<T> onContext(Supplier<Future<T>> work) {
    Promise<T> promise = Promise.promise();
    context.runOnContext(ignored -> work.get().onComplete(promise));
    return promise.future();
  }

  private static <T> T done(Future<T> future) throws Exception {
    return future.toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
  }
}
