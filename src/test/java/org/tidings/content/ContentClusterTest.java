package org.tidings.content;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.tidings.bus.Headers;
import org.tidings.testing.LoopbackCluster;
import org.tidings.testing.Ports;
import org.tidings.testing.Response;
import org.tidings.testing.SftpNode;
import org.tidings.testing.TestUser;
import org.tidings.testing.TidingsServer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.tidings.content.ContentFixtures.cacheFiles;
import static org.tidings.content.ContentFixtures.coldFile;
import static org.tidings.content.ContentFixtures.copyRows;
import static org.tidings.content.ContentFixtures.count;
import static org.tidings.content.ContentFixtures.download;
import static org.tidings.content.ContentFixtures.execute;
import static org.tidings.content.ContentFixtures.randomBytes;
import static org.tidings.content.ContentFixtures.sha256;
import static org.tidings.content.ContentFixtures.uploaded;
import static org.tidings.testing.Eventually.eventually;

/**
 * Two clustered instances on one database, each with its own cache: the first has no nodes, the
 * second a small cache over one SFTP node. Bytes in one instance's cache are read through the
 * other from that instance, deletes reach every cache, eviction keeps to its own cache.
 */
class ContentClusterTest {

  private static final LoopbackCluster CLUSTER = new LoopbackCluster(3);
  @RegisterExtension
  @Order(0)
  static final SftpNode NODE = SftpNode.start(SftpNode.generateKey(), 0);

  private static JsonObject clustered(int instance, JsonObject content) {
    return new JsonObject().put("cluster", CLUSTER.settings(instance))
      .put("content", content.put("evictionIntervalMillis", 200).put("accessFlushMillis", 200));
  }

  @RegisterExtension
  @Order(1)
  static TidingsServer first = new TidingsServer(clustered(0, new JsonObject()));

  @RegisterExtension
  @Order(2)
  static TidingsServer second = new TidingsServer(clustered(1, new JsonObject()
    .put("cacheMaxBytes", 2_000_000).put("highWatermark", 0.6).put("lowWatermark", 0.3)
    .put("nodes", new JsonArray().add(NODE.directSettings("attic", NODE.hostKey()))))).sharingDatabaseOf(first);

  @Test
  void aFileInOneInstancesCacheIsReadThroughAnotherFromThatInstance() {
    TestUser ada = first.newUser("Ada");
    Buffer bytes = randomBytes(300_000, 81);
    String hash = sha256(bytes);
    String id = uploaded(first.api(), ada, "here.bin", bytes).getString("id");
    assertThat(cached(second, hash)).isFalse();

    Response got = download(second.api(), ada, id);
    assertThat(got.status()).isEqualTo(200);
    assertThat(got.body()).isEqualTo(bytes);
    assertThat(NODE.opens(hash)).as("no node was asked").isZero();
    assertThat(Files.exists(NODE.blob(hash))).isFalse();

    eventually("the second instance keeps its own copy", () -> cached(second, hash) && copies(hash) == 2);
    assertThat(download(second.api(), ada, id, "Range", "bytes=10-19").body()).isEqualTo(bytes.getBuffer(10, 20));
  }

  @Test
  void deletingThroughOneInstanceRemovesTheBytesFromEveryCache() {
    TestUser ada = first.newUser("Ada");
    Buffer bytes = randomBytes(200_000, 82);
    String hash = sha256(bytes);
    String id = uploaded(first.api(), ada, "gone.bin", bytes).getString("id");
    assertThat(download(second.api(), ada, id).body()).isEqualTo(bytes);
    eventually("both caches hold the bytes", () -> cached(first, hash) && cached(second, hash));

    assertThat(second.api().delete("/files/" + id, ada.token()).status()).isEqualTo(204);
    // The delete may run in either instance's content service (the bus picks), so the
    // instance that was asked drops its copy on the notice, as the other does.
    eventually("the first instance dropped its copy", () -> !cached(first, hash));
    eventually("the second instance dropped its copy", () -> !cached(second, hash));
    assertThat(copies(hash)).isZero();
    assertThat(download(first.api(), ada, id).status()).isEqualTo(404);
  }

  @Test
  void aBlobDeletedThroughOneInstanceWhileAnotherEvictsItToANodeLeavesNoCopyThere() throws Exception {
    TestUser ada = first.newUser("Ada");
    Buffer bytes = randomBytes(500_000, 91);
    String hash = sha256(bytes);
    String id = uploaded(second.api(), ada, "evicted.bin", bytes).getString("id");
    CompletableFuture<Void> more;
    NODE.holdWrites(hash);
    try {
      // Past the high watermark: the second instance evicts its least recently used blobs, this
      // one among them. An upload may wait for that pass, so these run beside the test.
      more = CompletableFuture.runAsync(() -> {
        uploaded(second.api(), ada, "d.bin", randomBytes(500_000, 92));
        uploaded(second.api(), ada, "e.bin", randomBytes(500_000, 93));
      });
      eventually("the eviction started copying the blob to the node", () -> NODE.writeWaiting(hash));

      // Asked through its own bus with local delivery only, the first instance runs the delete
      // (a gateway's call may land in either) and does not wait for the second's eviction.
      first.server().vertx().eventBus()
        .request("content.delete", new JsonObject().put("fileId", id),
          new DeliveryOptions().setLocalOnly(true).addHeader(Headers.USER_ID, ada.id()))
        .toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    } finally {
      NODE.releaseWrites(hash);
    }
    more.get(30, TimeUnit.SECONDS);

    eventually("the second instance dropped its copy", () -> !cached(second, hash));
    assertThat(onNode(hash)).as("copies of the blob on the node").isEmpty();
    assertThat(copies(hash)).isZero();
  }

  @Test
  void evictionOnOneInstanceNeverTouchesAnotherInstancesCopy() {
    TestUser ada = first.newUser("Ada");
    Buffer mine = randomBytes(100_000, 83);
    String hashMine = sha256(mine);
    String idMine = uploaded(first.api(), ada, "first.bin", mine).getString("id");

    Buffer a = randomBytes(500_000, 84);
    String hashA = sha256(a);
    uploaded(second.api(), ada, "a.bin", a);
    uploaded(second.api(), ada, "b.bin", randomBytes(500_000, 85));
    uploaded(second.api(), ada, "c.bin", randomBytes(500_000, 86));
    eventually("the second instance evicted its oldest blob to the node", () -> Files.exists(NODE.blob(hashA))
      && count(first.database(), "SELECT count(*) FROM content.blob_copies WHERE hash = ? AND instance = ?",
      hashA, instance(second)) == 0);

    assertThat(cached(first, hashMine)).isTrue();
    assertThat(count(first.database(), "SELECT count(*) FROM content.blob_copies WHERE hash = ? AND instance = ?",
      hashMine, instance(first))).isEqualTo(1);
    assertThat(Files.exists(NODE.blob(hashMine))).as("not copied out by the other instance").isFalse();
    assertThat(download(first.api(), ada, idMine).body()).isEqualTo(mine);
  }

  @Test
  void aStoppedInstanceIsPassedOverForANodeOrAnswersUnavailable() {
    TestUser ada = first.newUser("Ada");
    TidingsServer third = new TidingsServer(clustered(2, new JsonObject())).sharingDatabaseOf(first);
    third.start();
    String onNodeToo;
    String onlyThere;
    Buffer saved = randomBytes(150_000, 87);
    try {
      onNodeToo = uploaded(third.api(), ada, "saved.bin", saved).getString("id");
      onlyThere = uploaded(third.api(), ada, "lost.bin", randomBytes(150_000, 88)).getString("id");
      copyToNode(saved);
    } finally {
      third.stop();
    }

    Response fromNode = download(second.api(), ada, onNodeToo);
    assertThat(fromNode.status()).isEqualTo(200);
    assertThat(fromNode.body()).isEqualTo(saved);
    assertThat(NODE.opens(sha256(saved))).isEqualTo(1);

    Response unavailable = download(second.api(), ada, onlyThere);
    assertThat(unavailable.status()).isEqualTo(503);
    assertThat(unavailable.error()).isEqualTo("unavailable");
  }

  @Test
  void anInstanceThatDoesNotAnswerIsPassedOverForANode() {
    TestUser ada = first.newUser("Ada");
    Buffer bytes = randomBytes(120_000, 89);
    String id = coldFile(second, ada, bytes, NODE, "attic");
    execute(first.database(), "INSERT INTO content.instances (id, peer_url) VALUES ('crashed', ?)",
      "http://127.0.0.1:" + Ports.free());
    execute(first.database(), "INSERT INTO content.blob_copies (hash, instance) VALUES (?, 'crashed')", sha256(bytes));

    Response got = download(second.api(), ada, id);
    assertThat(got.status()).isEqualTo(200);
    assertThat(got.body()).isEqualTo(bytes);
  }

  @Test
  void theSameBytesUploadedOnBothInstancesAreOneBlobWithACopyInEachCache() {
    TestUser ada = first.newUser("Ada");
    Buffer bytes = randomBytes(50_000, 91);
    String hash = sha256(bytes);
    uploaded(first.api(), ada, "one.bin", bytes);
    String onSecond = uploaded(second.api(), ada, "two.bin", bytes).getString("id");

    assertThat(count(first.database(), "SELECT count(*) FROM content.blobs WHERE hash = ?", hash)).isEqualTo(1);
    assertThat(count(first.database(), "SELECT count(*) FROM content.files WHERE hash = ?", hash)).isEqualTo(2);
    assertThat(copies(hash)).isEqualTo(2);
    assertThat(cached(first, hash)).isTrue();
    assertThat(cached(second, hash)).isTrue();
    assertThat(download(second.api(), ada, onSecond).body()).isEqualTo(bytes);
  }

  @Test
  void theBlobRouteBetweenInstancesWantsAPeerTokenAndServesOnlyItsOwnCopies() {
    TestUser ada = first.newUser("Ada");
    Buffer bytes = randomBytes(1000, 90);
    uploaded(first.api(), ada, "token.bin", bytes);
    String path = "//internal/v1/blobs/" + sha256(bytes);
    assertThat(first.api().get(path, ada.token()).status()).isEqualTo(401);
    assertThat(first.api().get(path, null).status()).isEqualTo(401);

    PeerTokens peer = new PeerTokens(first.clientVertx(), signingKey(), "test");
    String bearer = peer.header().substring("Bearer ".length());
    Response served = first.api().get(path, bearer);
    assertThat(served.status()).isEqualTo(200);
    assertThat(served.body()).isEqualTo(bytes);
    assertThat(second.api().get(path, bearer).status()).as("no copy there").isEqualTo(404);
    assertThat(first.api().get("//internal/v1/blobs/..%2F..%2Fetc", bearer).status()).isEqualTo(404);
    assertThat(first.api().get("/me", bearer).status()).as("a peer token is no access token").isEqualTo(401);
  }

  private static String signingKey() {
    try (Connection c = DriverManager.getConnection(first.database().jdbcUrl(), first.database().user(),
      first.database().password());
         PreparedStatement s = c.prepareStatement("SELECT secret FROM auth.signing_keys WHERE id = 'jwt'");
         ResultSet rows = s.executeQuery()) {
      rows.next();
      return rows.getString(1);
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  private static void copyToNode(Buffer bytes) {
    String hash = sha256(bytes);
    try {
      Path blob = NODE.blob(hash);
      Files.createDirectories(blob.getParent());
      Files.write(blob, bytes.getBytes());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    execute(first.database(), "UPDATE content.blobs SET nodes = array_append(nodes, 'attic') WHERE hash = ?", hash);
  }

  private static boolean cached(TidingsServer server, String hash) {
    return cacheFiles(server.cacheDir()).contains("blobs/" + hash.substring(0, 2) + "/" + hash);
  }

  /** The node's files of blob {@code hash}, whole or in progress. */
  private static List<String> onNode(String hash) throws IOException {
    Path folder = NODE.blob(hash).getParent();
    if (!Files.isDirectory(folder)) {
      return List.of();
    }
    try (Stream<Path> files = Files.list(folder)) {
      return files.map(file -> file.getFileName().toString()).filter(name -> name.startsWith(hash)).toList();
    }
  }

  private static long copies(String hash) {
    return copyRows(first.database(), hash);
  }

  private static String instance(TidingsServer server) {
    return server.api().get("/health", null).json().getJsonArray("checks").stream()
      .map(JsonObject.class::cast)
      .filter(check -> check.getString("name").equals("disk cache"))
      .findFirst().orElseThrow().getString("instance");
  }
}
