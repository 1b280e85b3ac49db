package org.tidings.content.node;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.WritableByteChannel;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** SHA-256 as blobs are named: lower-case hex. */
public final class Hashing {

  private static final int CHUNK = 64 * 1024;

  private Hashing() {
  }

  public static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  public static String hex(MessageDigest digest) {
    return HexFormat.of().formatHex(digest.digest());
  }

  /** A channel that feeds what is written to it into {@code digest} and keeps nothing. */
  public static WritableByteChannel into(MessageDigest digest) {
    return new WritableByteChannel() {
      @Override
      public int write(ByteBuffer src) {
        int n = src.remaining();
        digest.update(src);
        return n;
      }

      @Override
      public boolean isOpen() {
        return true;
      }

      @Override
      public void close() {
      }
    };
  }

  /** Reads the stream to its end in chunks, closes it, and answers the hash. Blocking. */
  public static String sha256(InputStream in) throws IOException {
    MessageDigest digest = sha256();
    byte[] chunk = new byte[CHUNK];
    try (in) {
      for (int n = in.read(chunk); n >= 0; n = in.read(chunk)) {
        digest.update(chunk, 0, n);
      }
    }
    return hex(digest);
  }
}
