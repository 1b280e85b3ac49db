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

  /** The file at {@code path}; {@link NoSuchFileException} when there is none, as with NIO. */
  static CachedFile open(Path path) throws IOException {
    try {
      return new CachedFile(path);
    } catch (FileNotFoundException e) {
      if (Files.notExists(path)) {
        throw new NoSuchFileException(path.toString());
      }
      throw e;
    }
  }

  @Override
  public long length() {
    return length;
  }
}
