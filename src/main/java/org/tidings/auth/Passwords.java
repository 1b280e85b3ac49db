package org.tidings.auth;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import org.bouncycastle.crypto.generators.Argon2BytesGenerator;
import org.bouncycastle.crypto.params.Argon2Parameters;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * Argon2id password hashes in the PHC string format ({@code $argon2id$v=19$m=..,t=..,p=..$salt$hash}),
 * so each hash carries the cost it was made with and the cost can be raised later.
 * Hashing takes tens of milliseconds of CPU and memory: it always runs on a worker thread.
 */
public final class Passwords {

  public record Cost(int memoryKib, int iterations, int parallelism) {
  }

  private static final int SALT_BYTES = 16;
  private static final int HASH_BYTES = 32;
  private static final Base64.Encoder B64 = Base64.getEncoder().withoutPadding();
  private static final Base64.Decoder B64D = Base64.getDecoder();

  private final Vertx vertx;
  private final Cost cost;
  private final SecureRandom random = new SecureRandom();
  /** Checked against when the account does not exist, so both paths cost the same. */
  private volatile String decoy;

  public Passwords(Vertx vertx, Cost cost) {
    this.vertx = vertx;
    this.cost = cost;
  }

  public Future<String> hash(String password) {
    return vertx.executeBlocking(() -> hashNow(password), false);
  }

  public Future<Boolean> verify(String password, String encoded) {
    return vertx.executeBlocking(() -> verifyNow(password, encoded), false);
  }

  /** Spends the same work as a real check and answers false. */
  public Future<Boolean> verifyNobody(String password) {
    return decoy().compose(hash -> verify(password, hash)).map(ignored -> false);
  }

  private Future<String> decoy() {
    String existing = decoy;
    if (existing != null) {
      return Future.succeededFuture(existing);
    }
    byte[] noise = new byte[24];
    random.nextBytes(noise);
    return hash(B64.encodeToString(noise)).onSuccess(h -> decoy = h);
  }

  private String hashNow(String password) {
    byte[] salt = new byte[SALT_BYTES];
    random.nextBytes(salt);
    byte[] hash = derive(password, salt, cost, HASH_BYTES);
    return "$argon2id$v=19$m=" + cost.memoryKib() + ",t=" + cost.iterations() + ",p=" + cost.parallelism()
      + "$" + B64.encodeToString(salt) + "$" + B64.encodeToString(hash);
  }

  private static boolean verifyNow(String password, String encoded) {
    String[] parts = encoded.split("\\$");
    if (parts.length != 6 || !parts[1].equals("argon2id")) {
      return false;
    }
    Cost stored = parseCost(parts[3]);
    byte[] salt = B64D.decode(parts[4]);
    byte[] expected = B64D.decode(parts[5]);
    byte[] actual = derive(password, salt, stored, expected.length);
    return MessageDigest.isEqual(expected, actual);
  }

  private static Cost parseCost(String params) {
    int m = 0;
    int t = 0;
    int p = 0;
    for (String pair : params.split(",")) {
      String[] kv = pair.split("=");
      int value = Integer.parseInt(kv[1]);
      switch (kv[0]) {
        case "m" -> m = value;
        case "t" -> t = value;
        case "p" -> p = value;
        default -> throw new IllegalArgumentException("unknown argon2 parameter " + kv[0]);
      }
    }
    return new Cost(m, t, p);
  }

  private static byte[] derive(String password, byte[] salt, Cost cost, int length) {
    Argon2Parameters parameters = new Argon2Parameters.Builder(Argon2Parameters.ARGON2_id)
      .withVersion(Argon2Parameters.ARGON2_VERSION_13)
      .withMemoryAsKB(cost.memoryKib())
      .withIterations(cost.iterations())
      .withParallelism(cost.parallelism())
      .withSalt(salt)
      .build();
    Argon2BytesGenerator generator = new Argon2BytesGenerator();
    generator.init(parameters);
    byte[] out = new byte[length];
    generator.generateBytes(password.getBytes(StandardCharsets.UTF_8), out);
    return out;
  }
}
