package org.tidings.content.node;

import java.io.IOException;
import java.io.InputStream;
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
