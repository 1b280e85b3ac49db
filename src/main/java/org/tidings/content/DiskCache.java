package org.tidings.content;

import com.sun.nio.file.ExtendedOpenOption;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The local disk cache: {@code blobs/ab/abcd...} named by SHA-256, and {@code tmp/} for bytes
 * in flight (uploads, fetches from nodes). Only hashes and random ids become file names.
 * Space is accounted in memory: blobs plus bytes claimed by transfers in progress.
 */
public final class DiskCache {

  private static final Logger LOG = LoggerFactory.getLogger(DiskCache.class);
  private static final Pattern HASH = Pattern.compile("[0-9a-f]{64}");
  /**
   * Smaller files are written through the page cache: direct writes save CPU on large files
   * (and keep them from pushing everything else out of the page cache), while a small file,
   * a photo in a room, is read by the room's members right after it is sent, from memory.
   */
  static final long DIRECT_FROM = 8L * 1024 * 1024;

  private final Vertx vertx;
  private final Path blobs;
  private final Path tmp;
  private final long maxBytes;
  private final AtomicLong used = new AtomicLong();
  private final OpenCopies open = new OpenCopies(this::path);
  /** Set by {@link #open}: the block size of direct writes to temporary files, 0 when not taken. */
  private volatile int directBlock;
  /**
   * Where {@link DirectWrites} run their writes: a virtual thread each, so that the writes in
   * flight never wait for the worker threads that wait for them.
   */
  private final Executor directWriteThreads =
    Executors.newThreadPerTaskExecutor(Thread.ofVirtual().name("tidings-direct-write-", 0).factory());

  public DiskCache(Vertx vertx, Path dir, long maxBytes) {
    this.vertx = vertx;
    this.blobs = dir.resolve("blobs");
    this.tmp = dir.resolve("tmp");
    this.maxBytes = maxBytes;
  }

  /**
   * Creates the folders, drops what a crash left in {@code tmp/}, counts the blobs and answers
   * them: hash to size.
   */
  public Future<Map<String, Long>> open() {
    return vertx.executeBlocking(() -> {
      Files.createDirectories(blobs);
      Files.createDirectories(tmp);
      try (Stream<Path> leftovers = Files.list(tmp)) {
        leftovers.forEach(DiskCache::deleteQuietly);
      }
      Map<String, Long> found = new HashMap<>();
      try (Stream<Path> files = Files.walk(blobs)) {
        files.filter(Files::isRegularFile).forEach(file -> found.put(file.getFileName().toString(), size(file)));
      }
      directBlock = directBlock(tmp);
      used.set(found.values().stream().mapToLong(Long::longValue).sum());
      found.keySet().removeIf(name -> !HASH.matcher(name).matches());
      LOG.info("Disk cache {}: {} of {} bytes used; uploads written {}", blobs.getParent(), used.get(), maxBytes,
        directBlock > 0 ? "directly (O_DIRECT, " + directBlock + "-byte blocks)" : "through the page cache");
      return found;
    });
  }

  public Path path(String hash) {
    if (!HASH.matcher(hash).matches()) {
      throw new IllegalArgumentException("not a SHA-256 hex digest");
    }
    return blobs.resolve(hash.substring(0, 2)).resolve(hash);
  }

  /**
   * The cached copy of {@code hash}, open for sending and held for the caller, who releases
   * it; {@link java.nio.file.NoSuchFileException} when this cache has none. Opening a local
   * file is quick enough for an event loop, and a copy in demand is opened once.
   */
  public OpenCopy open(String hash) throws IOException {
    return open.open(hash);
  }

  /** A path for a temporary file; {@code id} must be random (a UUID). */
  public Path temp(String id) {
    return tmp.resolve(UUID.fromString(id).toString());
  }

  /**
   * A new, empty temporary file only its creator knows, open for writing {@code expectedBytes}
   * (null when not known): with {@code O_DIRECT} where the file system takes it (see
   * {@link DirectWrites}) unless the file is known to be smaller than {@link #DIRECT_FROM};
   * through the page cache otherwise.
   */
  public Future<Temp> createTemp(Long expectedBytes) {
    Path path = temp(UUID.randomUUID().toString());
    int block = expectedBytes != null && expectedBytes < DIRECT_FROM ? 0 : directBlock;
    return blocking(() -> new Temp(path, block > 0 ? openDirect(path) : FileChannel.open(path,
      StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE), block));
  }

  /**
   * A temporary file and its channel, used from worker threads only. {@code directBlock} is
   * the block size direct writes must align to, or 0 when the file is written through the
   * page cache.
   */
  public record Temp(Path path, FileChannel channel, int directBlock) {
  }

  private static FileChannel openDirect(Path file) throws IOException {
    return FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE, ExtendedOpenOption.DIRECT);
  }

  /**
   * The block size direct writes to files in {@code folder} align to, or 0 when its file system
   * refuses them (some refuse the open, some only the first write): tried once, with one block.
   */
  private static int directBlock(Path folder) {
    Path probe = folder.resolve(UUID.randomUUID().toString());
    try {
      long size = Files.getFileStore(folder).getBlockSize();
      int block = size >= 512 && size <= 64 * 1024 && Long.bitCount(size) == 1 ? (int) size : 4096;
      try (FileChannel file = openDirect(probe)) {
        file.write(ByteBuffer.allocateDirect(2 * block).alignedSlice(block).limit(block), 0);
      }
      return block;
    } catch (IOException | UnsupportedOperationException e) {
      LOG.info("No direct writes to {}: {}", folder, e.toString());
      return 0;
    } finally {
      deleteQuietly(probe);
    }
  }

  /** Runs blocking work on this cache's files on a worker thread. */
  public <T> Future<T> blocking(Callable<T> work) {
    return vertx.executeBlocking(work, false);
  }

  /** A new queue of blocking work on this cache's files, run in order on worker threads. */
  SerialWork serialWork() {
    return new SerialWork(vertx);
  }

  /** Direct writes to {@code temp}, which must have been created for them ({@link Temp#directBlock} > 0). */
  DirectWrites directWrites(Temp temp) {
    return new DirectWrites(temp.channel(), temp.directBlock(), directWriteThreads);
  }

  /** Counts {@code bytes} as used if they fit under the limit. */
  public boolean claim(long bytes) {
    while (true) {
      long now = used.get();
      if (now + bytes > maxBytes) {
        return false;
      }
      if (used.compareAndSet(now, now + bytes)) {
        return true;
      }
    }
  }

  public void release(long bytes) {
    used.addAndGet(-bytes);
  }

  public boolean fits(long bytes) {
    return used.get() + bytes <= maxBytes;
  }

  public long used() {
    return used.get();
  }

  public long maxBytes() {
    return maxBytes;
  }

  /**
   * Makes a finished temporary file the cached copy of {@code hash}; its bytes stay counted.
   * The copy is on disk, under its name, when this succeeds: the file's bytes are flushed, then
   * it is renamed, then the folders that changed are flushed, so a crash leaves either no copy
   * or a whole one, never a name over missing bytes.
   */
  public Future<Void> adopt(Path temp, String hash) {
    Path target = path(hash);
    return this.<Void>blocking(() -> {
      boolean newFolder = !Files.isDirectory(target.getParent());
      Files.createDirectories(target.getParent());
      try (FileChannel file = FileChannel.open(temp, StandardOpenOption.READ)) {
        file.force(false);
      }
      Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      flushFolder(target.getParent());
      if (newFolder) {
        flushFolder(blobs);
      }
      return null;
    })
      // A file it replaced (the same bytes) must not stay open, holding its disk space.
      .onSuccess(ignored -> open.close(hash));
  }

  /** Makes the names in {@code folder} durable (Linux flushes a folder opened for reading). */
  private static void flushFolder(Path folder) throws IOException {
    try (FileChannel entries = FileChannel.open(folder, StandardOpenOption.READ)) {
      entries.force(true);
    }
  }

  /** Deletes a temporary file and gives back the {@code claimed} bytes. */
  public Future<Void> discard(Path temp, long claimed) {
    return vertx.fileSystem().delete(temp.toString())
      .recover(e -> vertx.fileSystem().exists(temp.toString())
        .compose(exists -> exists ? Future.failedFuture(e) : Future.succeededFuture()))
      .onComplete(done -> release(claimed));
  }

  public Future<Boolean> contains(String hash) {
    return vertx.fileSystem().exists(path(hash).toString());
  }

  /** Drops the cached copy of a blob of {@code size} bytes, if there is one. */
  public Future<Void> remove(String hash, long size) {
    String path = path(hash).toString();
    return vertx.fileSystem().exists(path).compose(exists -> exists
      ? vertx.fileSystem().delete(path).onSuccess(ignored -> release(size))
      : Future.succeededFuture())
      .onComplete(done -> open.close(hash));
  }

  private static long size(Path file) {
    try {
      return Files.size(file);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void deleteQuietly(Path file) {
    try {
      Files.deleteIfExists(file);
    } catch (IOException e) {
      LOG.warn("Could not delete {}", file, e);
    }
  }
}
