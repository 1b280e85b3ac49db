package org.tidings.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The read and write system calls this process has made so far ({@code syscr}, {@code syscw} of
 * {@code /proc/self/io}; reads and writes of sockets count, epoll waits do not). A live delivery
 * costs the server a write and the generator a read unless frames travel together, so these per
 * delivery say how many frames each call carried.
 */
record SystemCalls(long reads, long writes) {

  static SystemCalls now() {
    long reads = -1;
    long writes = -1;
    try {
      for (String line : Files.readAllLines(Path.of("/proc/self/io"))) {
        if (line.startsWith("syscr:")) {
          reads = Long.parseLong(line.substring(6).trim());
        } else if (line.startsWith("syscw:")) {
          writes = Long.parseLong(line.substring(6).trim());
        }
      }
    } catch (IOException e) {
      throw new IllegalStateException("cannot read /proc/self/io", e);
    }
    return new SystemCalls(reads, writes);
  }

  SystemCalls since(SystemCalls earlier) {
    return new SystemCalls(reads - earlier.reads, writes - earlier.writes);
  }
}
