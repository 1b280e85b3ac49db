package org.tidings.content;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.tidings.content.node.Hashing;
import org.tidings.testing.Response;
import org.tidings.testing.SftpNode;
import org.tidings.testing.TestUser;
import org.tidings.testing.TidingsServer;

import java.nio.file.Files;

import static org.assertj.core.api.Assertions.assertThat;
import static org.tidings.content.ContentFixtures.cacheFiles;
import static org.tidings.content.ContentFixtures.count;
import static org.tidings.content.ContentFixtures.download;
import static org.tidings.content.ContentFixtures.randomBytes;
import static org.tidings.content.ContentFixtures.sha256;
import static org.tidings.content.ContentFixtures.uploaded;
import static org.tidings.testing.Eventually.eventually;

/** A small cache over one SFTP node: eviction copies out, verifies, drops; cold reads bring bytes back. */
class EvictionToNodesTest {

  @RegisterExtension
  @Order(0)
  static final SftpNode NODE = SftpNode.start(SftpNode.generateKey(), 0);

  @RegisterExtension
  static TidingsServer tidings = new TidingsServer(new JsonObject().put("content", new JsonObject()
    .put("cacheMaxBytes", 1_000_000).put("highWatermark", 0.6).put("lowWatermark", 0.3)
    .put("evictionIntervalMillis", 200).put("accessFlushMillis", 200)
    .put("nodes", new JsonArray().add(NODE.directSettings("attic", NODE.hostKey())))));

  @Test
  void evictionMovesBytesToANodeAndAColdDownloadStreamsThemBackAndRecaches() {
    TestUser ada = tidings.newUser("Ada");
    Buffer a = randomBytes(250_000, 31);
    Buffer b = randomBytes(250_000, 32);
    Buffer c = randomBytes(250_000, 33);
    String idA = uploaded(tidings.api(), ada, "a.bin", a).getString("id");
    uploaded(tidings.api(), ada, "b.bin", b);
    uploaded(tidings.api(), ada, "c.bin", c);
    String hashA = sha256(a);

    eventually("the oldest blob left the cache for the node", () -> evicted(hashA));
    assertThat(NODE.blob(hashA)).exists();
    assertThat(NODE.flushed(hashA)).as("the node was asked to flush its copy to disk").isTrue();
    assertThat(sha256OfFile(NODE.blob(hashA))).isEqualTo(hashA);
    assertThat(cacheFiles(tidings.cacheDir())).noneMatch(f -> f.endsWith(hashA));

    Response cold = download(tidings.api(), ada, idA);
    assertThat(cold.status()).isEqualTo(200);
    assertThat(cold.body()).isEqualTo(a);
    assertThat(cold.header("Content-Length")).isEqualTo("250000");
    eventually("the blob is cached again", () -> cacheFiles(tidings.cacheDir()).stream().anyMatch(f -> f.endsWith(hashA)));

    Response range = download(tidings.api(), ada, idA, "Range", "bytes=100-199");
    assertThat(range.body()).isEqualTo(a.slice(100, 200));
  }

  @Test
  void deletingTheLastRecordDeletesTheBytesFromTheNodesToo() {
    TestUser bob = tidings.newUser("Bob");
    Buffer d = randomBytes(250_000, 41);
    String hashD = sha256(d);
    String idD = uploaded(tidings.api(), bob, "d.bin", d).getString("id");
    uploaded(tidings.api(), bob, "e.bin", randomBytes(250_000, 42));
    uploaded(tidings.api(), bob, "f.bin", randomBytes(250_000, 43));
    eventually("d is on the node only", () -> evicted(hashD));

    assertThat(tidings.api().delete("/files/" + idD, bob.token()).status()).isEqualTo(204);
    assertThat(NODE.blob(hashD)).doesNotExist();
    assertThat(count(tidings.database(), "SELECT count(*) FROM content.blobs WHERE hash = ?", hashD)).isZero();
  }

  @Test
  void healthReportsTheNode() {
    // The first probe opens the SSH session; on a loaded machine that can take longer than
    // the health check's 3 s, and the next probe reuses the session.
    eventually("health is up", () -> tidings.api().get("/health", null).status() == 200);
    Response health = tidings.api().get("/health", null);
    assertThat(health.status()).isEqualTo(200);
    JsonObject nodes = health.json().getJsonArray("checks").stream().map(JsonObject.class::cast)
      .filter(check -> check.getString("name").equals("nodes")).findFirst().orElseThrow();
    JsonObject attic = nodes.getJsonArray("nodes").getJsonObject(0);
    assertThat(attic.getString("name")).isEqualTo("attic");
    assertThat(attic.getBoolean("reachable")).isTrue();
    assertThat(attic.getLong("freeBytes")).isNotNull();
    assertThat(attic.getLong("latencyMillis")).isNotNull();
  }

  private static boolean evicted(String hash) {
    return count(tidings.database(),
      "SELECT count(*) FROM content.blobs b WHERE hash = ? AND 'attic' = ANY(nodes)"
        + " AND NOT EXISTS (SELECT 1 FROM content.blob_copies c WHERE c.hash = b.hash)", hash) == 1;
  }

  private static String sha256OfFile(java.nio.file.Path file) {
    try {
      return Hashing.sha256(Files.newInputStream(file));
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
