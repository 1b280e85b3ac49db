package org.tidings.content;

import org.tidings.content.node.Hashing;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.WritableByteChannel;
import java.nio.file.Files;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;

/**
 * Where a blob coming from a node is written, on the node worker that reads it: each piece is
 * counted, hashed and written to the {@link Fetch}'s temporary file, then announced to the
 * fetch's readers. More bytes than the blob has fail at once; {@link #verify} tells whether
 * what arrived is the blob.
 */
final class NodeFetchFile implements WritableByteChannel {

  private final FileChannel file;
  private final Fetch fetch;
  private final Blob blob;
  private final String node;
  private final MessageDigest digest = Hashing.sha256();
  private long written;

  private NodeFetchFile(FileChannel file, Fetch fetch, Blob blob, String node) {
    this.file = file;
    this.fetch = fetch;
    this.blob = blob;
    this.node = node;
  }

  static NodeFetchFile create(Fetch fetch, Blob blob, String node) throws IOException {
    return new NodeFetchFile(FileChannel.open(fetch.temp(), StandardOpenOption.CREATE, StandardOpenOption.WRITE,
      StandardOpenOption.TRUNCATE_EXISTING), fetch, blob, node);
  }

  @Override
  public int write(ByteBuffer src) throws IOException {
    int n = src.remaining();
    if (written + n > blob.size()) {
      throw new IOException("node " + node + " sent more than " + blob.size() + " bytes of " + blob.hash());
    }
    digest.update(src.duplicate());
    while (src.hasRemaining()) {
      file.write(src);
    }
    written += n;
    fetch.progress(written);
    return n;
  }

  /** Fails, and deletes the file, unless the bytes written are the blob. */
  void verify() throws IOException {
    String hash = Hashing.hex(digest);
    if (written != blob.size() || !hash.equals(blob.hash())) {
      Files.deleteIfExists(fetch.temp());
      throw new IOException("node " + node + " sent " + written + " bytes hashing to " + hash + ", not blob "
        + blob.hash());
    }
  }

  @Override
  public boolean isOpen() {
    return file.isOpen();
  }

  @Override
  public void close() throws IOException {
    file.close();
  }
}
