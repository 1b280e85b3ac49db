package org.tidings.content;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * A cached copy open for reading, which knows its length. Vert.x's {@code sendFile} asks the
 * file for its length on every send, an {@code fstat} per download; a blob's bytes never change
 * once it is in the cache (it is named by their hash), so the length read at open stays true.
 */
final class CachedFile extends RandomAccessFile {

  private final long length;

  private CachedFile(Path path) throws IOException {
    super(path.toFile(), "r");
    length = super.length();
  }

  /**
   * The file at {@code path}; {@link NoSuchFileException} when there is none, as with NIO.
   * {@link RandomAccessFile} says "not found" for a missing file and for one it may not read
   * alike, so a failed open looks at the path: a copy can appear between the two (a transfer
   * renaming it into place), and is then opened again rather than reported as unreadable.
   */
  static CachedFile open(Path path) throws IOException {
    FileNotFoundException unreadable = null;
    for (int attempt = 0; attempt < 2; attempt++) {
      try {
        return new CachedFile(path);
      } catch (FileNotFoundException e) {
        if (Files.notExists(path)) {
          throw new NoSuchFileException(path.toString());
        }
        unreadable = e;
      }
    }
    throw unreadable;
  }

  @Override
  public long length() {
    return length;
  }
}
