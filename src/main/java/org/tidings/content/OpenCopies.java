package org.tidings.content;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;

/**
 * Cached copies kept open by hash, so that a file downloaded again and again costs no path
 * lookup, open, stat and close per request (together about a seventh of the event loop's
 * time serving 64 KiB files). A blob's bytes never change and its name is their hash, so an
 * open copy always sends the right bytes.
 *
 * <p>The cache drops a copy with {@link #close}, after deleting its file: the copy is closed
 * once the sends already holding it end, which gives its disk space back. An open that raced
 * with such a close is not kept, so no deleted file stays open behind a hash. At most
 * {@link #MAX_OPEN} copies are kept; past that, all are let go and the set starts over.
 */
final class OpenCopies {

  static final int MAX_OPEN = 512;

  private final Function<String, Path> paths;
  private final Map<String, OpenCopy> open = new ConcurrentHashMap<>();
  /** Counts closes, so that an open which raced with one does not keep the closed copy. */
  private final AtomicLong closes = new AtomicLong();

  OpenCopies(Function<String, Path> paths) {
    this.paths = paths;
  }

  /**
   * The copy of {@code hash}, held for the caller, who must release it;
   * {@link java.nio.file.NoSuchFileException} when this cache has no copy.
   */
  OpenCopy open(String hash) throws IOException {
    OpenCopy known = open.get(hash);
    if (known != null && known.hold()) {
      return known;
    }
    long closesBefore = closes.get();
    OpenCopy copy = new OpenCopy(CachedFile.open(paths.apply(hash)));
    copy.hold();
    if (open.size() >= MAX_OPEN) {
      letGoOfAll();
    }
    OpenCopy raced = open.putIfAbsent(hash, copy);
    if (raced != null) {
      copy.release();
    } else if (closes.get() != closesBefore && open.remove(hash, copy)) {
      copy.release();
    }
    return copy;
  }

  /** Called after the file of {@code hash} was deleted: the open copy goes once no send holds it. */
  void close(String hash) {
    closes.incrementAndGet();
    OpenCopy copy = open.remove(hash);
    if (copy != null) {
      copy.release();
    }
  }

  private void letGoOfAll() {
    for (String hash : List.copyOf(open.keySet())) {
      OpenCopy copy = open.remove(hash);
      if (copy != null) {
        copy.release();
      }
    }
  }

  int size() {
    return open.size();
  }
}
