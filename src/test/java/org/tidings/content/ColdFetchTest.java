package org.tidings.content;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.tidings.testing.Api;
import org.tidings.testing.Ports;
import org.tidings.testing.Response;
import org.tidings.testing.SftpNode;
import org.tidings.testing.TestUser;
import org.tidings.testing.TidingsServer;

import java.nio.file.Files;
import java.security.KeyPair;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;
import static org.tidings.content.ContentFixtures.copyRows;
import static org.tidings.content.ContentFixtures.download;
import static org.tidings.content.ContentFixtures.noTemporaryFiles;
import static org.tidings.content.ContentFixtures.randomBytes;
import static org.tidings.content.ContentFixtures.sha256;
import static org.tidings.testing.Eventually.eventually;

/**
 * Downloads of blobs that are only on nodes: progressive streaming from a slow node, one
 * transfer for concurrent readers, a node dying mid-transfer, unreachable nodes and nodes
 * whose host key is not the known one.
 */
class ColdFetchTest {

  private static final KeyPair CLIENT_KEY = SftpNode.generateKey();
  @RegisterExtension
  @Order(0)
  static final SftpNode SLOW = SftpNode.start(CLIENT_KEY, 1_000_000);
  @RegisterExtension
  @Order(0)
  static final SftpNode DOOMED = SftpNode.start(CLIENT_KEY, 500_000);
  @RegisterExtension
  @Order(0)
  static final SftpNode FAST = SftpNode.start(CLIENT_KEY, 0);

  @RegisterExtension
  static TidingsServer tidings = new TidingsServer(new JsonObject().put("content", new JsonObject()
    .put("nodeConnectTimeoutMillis", 3000).put("nodeReadTimeoutMillis", 3000)
    .put("nodes", new JsonArray()
      .add(SLOW.directSettings("slow", SLOW.hostKey()))
      .add(DOOMED.directSettings("doomed", DOOMED.hostKey()))
      .add(FAST.directSettings("impostor", SftpNode.generateKey()))
      .add(FAST.directSettings("fast", FAST.hostKey()))
      .add(new JsonObject().put("name", "gone").put("host", "127.0.0.1").put("port", Ports.free())
        .put("key", "target/none").put("knownHosts", "target/none")))));

  @Test
  void aSlowNodeStillStreamsToTheClientProgressively() {
    TestUser ada = tidings.newUser("Ada");
    Buffer bytes = randomBytes(1_500_000, 51);
    String id = coldFile(ada, bytes, SLOW, "slow");
    String hash = sha256(bytes);

    AtomicBoolean cachedAtFirstByte = new AtomicBoolean(true);
    Buffer received = Api.await(stream(ada, id, first -> cachedAtFirstByte.set(isCached(hash))));
    assertThat(cachedAtFirstByte).as("the first bytes arrived before the blob was complete").isFalse();
    assertThat(received).isEqualTo(bytes);
    eventually("the blob is cached", () -> isCached(hash));
  }

  @Test
  void anHttp2ClientAlsoGetsAColdBlobAsItArrives() {
    TestUser ada = tidings.newUser("Ada");
    Buffer bytes = randomBytes(1_200_000, 58);
    String id = coldFile(ada, bytes, SLOW, "slow");
    String hash = sha256(bytes);

    AtomicBoolean cachedAtFirstByte = new AtomicBoolean(true);
    Buffer received = Api.await(stream(HttpVersion.HTTP_2, ada, id, first -> cachedAtFirstByte.set(isCached(hash))));
    assertThat(cachedAtFirstByte).as("the first bytes arrived before the blob was complete").isFalse();
    assertThat(received).isEqualTo(bytes);
  }

  @Test
  void concurrentDownloadsOfAColdBlobFetchItFromTheNodeOnce() {
    TestUser ada = tidings.newUser("Ada");
    Buffer bytes = randomBytes(600_000, 52);
    String id = coldFile(ada, bytes, SLOW, "slow");
    List<Future<Buffer>> downloads = List.of(stream(ada, id, f -> { }), stream(ada, id, f -> { }), stream(ada, id, f -> { }));
    for (Future<Buffer> download : downloads) {
      assertThat(Api.await(download)).isEqualTo(bytes);
    }
    assertThat(SLOW.opens(sha256(bytes))).isEqualTo(1);
  }

  @Test
  void aNodeKilledMidTransferLeavesNoCorruptCacheEntry() {
    TestUser ada = tidings.newUser("Ada");
    Buffer bytes = randomBytes(2_000_000, 53);
    String hash = sha256(bytes);
    String id = coldFile(ada, bytes, DOOMED, "doomed");

    Future<Buffer> download = stream(ada, id, first -> Thread.ofVirtual().start(DOOMED::kill));
    Throwable outcome = download.map(body -> (Throwable) null).otherwise(e -> e).toCompletionStage().toCompletableFuture().join();
    Buffer body = download.succeeded() ? download.result() : null;
    assertThat(outcome != null || body.length() < bytes.length()).as("the client saw the transfer break").isTrue();
    eventually("the temporary file is gone", () -> noTemporaryFiles(tidings.cacheDir()));
    assertThat(isCached(hash)).isFalse();
    assertThat(copyRows(tidings.database(), hash)).isZero();
  }

  @Test
  void aBlobDeletedWhileItIsFetchedFromANodeIsNotKeptInTheCache() {
    TestUser ada = tidings.newUser("Ada");
    Buffer bytes = randomBytes(1_500_000, 59);
    String hash = sha256(bytes);
    String id = coldFile(ada, bytes, SLOW, "slow");

    Future<Buffer> download = stream(ada, id, first -> { });
    eventually("the node is sending", () -> SLOW.opens(hash) > 0);
    assertThat(tidings.api().delete("/files/" + id, ada.token()).status()).isEqualTo(204);
    download.otherwise(Buffer.buffer()).toCompletionStage().toCompletableFuture().join();

    eventually("the transfer ended", () -> noTemporaryFiles(tidings.cacheDir()));
    eventually("the fetched copy was dropped", () -> !isCached(hash));
    assertThat(copyRows(tidings.database(), hash)).isZero();
  }

  @Test
  void aBlobOnlyOnUnreachableNodesAnswersUnavailableBeforeAnyByte() {
    TestUser ada = tidings.newUser("Ada");
    Buffer bytes = randomBytes(10_000, 54);
    String id = coldFile(ada, bytes, null, "gone");
    Response response = download(tidings.api(), ada, id);
    assertThat(response.status()).isEqualTo(503);
    assertThat(response.error()).isEqualTo("unavailable");
  }

  @Test
  void aNodeWithAWrongHostKeyIsRefused() {
    TestUser ada = tidings.newUser("Ada");
    Buffer bytes = randomBytes(10_000, 55);
    String hash = sha256(bytes);
    String id = coldFile(ada, bytes, FAST, "impostor");
    Response response = download(tidings.api(), ada, id);
    assertThat(response.status()).isEqualTo(503);
    assertThat(FAST.opens(hash)).isZero();

    JsonObject health = tidings.api().get("/health", null).json();
    JsonObject nodes = health.getJsonArray("checks").stream().map(JsonObject.class::cast)
      .filter(check -> check.getString("name").equals("nodes")).findFirst().orElseThrow();
    assertThat(nodes.getJsonArray("nodes").stream().map(JsonObject.class::cast)
      .filter(n -> n.getString("name").equals("impostor")).findFirst().orElseThrow().getBoolean("reachable")).isFalse();
  }

  @Test
  void anotherReplicaIsTriedWhenTheFirstNodeIsGone() {
    TestUser ada = tidings.newUser("Ada");
    Buffer bytes = randomBytes(100_000, 56);
    String id = coldFile(ada, bytes, FAST, "gone", "fast");
    Response response = download(tidings.api(), ada, id);
    assertThat(response.status()).isEqualTo(200);
    assertThat(response.body()).isEqualTo(bytes);
  }

  @Test
  void aRangeOfAColdBlobSpanningManyNodeReadsArrivesExactly() {
    TestUser ada = tidings.newUser("Ada");
    Buffer bytes = randomBytes(1_200_000, 57);
    String id = coldFile(ada, bytes, FAST, "fast");
    Response range = download(tidings.api(), ada, id, "Range", "bytes=300001-1100000");
    assertThat(range.status()).isEqualTo(206);
    assertThat(range.body()).isEqualTo(bytes.getBuffer(300_001, 1_100_001));
    eventually("the blob is cached", () -> isCached(sha256(bytes)));
    assertThat(download(tidings.api(), ada, id).body()).isEqualTo(bytes);
    assertThat(FAST.opens(sha256(bytes))).isEqualTo(1);
  }

  private static String coldFile(TestUser owner, Buffer bytes, SftpNode holder, String... nodes) {
    return ContentFixtures.coldFile(tidings, owner, bytes, holder, nodes);
  }

  private static boolean isCached(String hash) {
    return Files.exists(tidings.cacheDir().resolve("blobs").resolve(hash.substring(0, 2)).resolve(hash));
  }

  /** Downloads as a stream over HTTP/1.1; {@code onFirstChunk} runs when the first bytes arrive. */
  private static Future<Buffer> stream(TestUser user, String id, java.util.function.Consumer<Buffer> onFirstChunk) {
    return stream(HttpVersion.HTTP_1_1, user, id, onFirstChunk);
  }

  /** Downloads as a stream over {@code version} (HTTP/2 without TLS: prior knowledge). */
  private static Future<Buffer> stream(HttpVersion version, TestUser user, String id,
                                       java.util.function.Consumer<Buffer> onFirstChunk) {
    HttpClient client = tidings.clientVertx().createHttpClient(new HttpClientOptions().setProtocolVersion(version)
      .setHttp2ClearTextUpgrade(false));
    Buffer body = Buffer.buffer();
    AtomicLong chunks = new AtomicLong();
    Promise<Buffer> done = Promise.promise();
    client.request(new RequestOptions().setMethod(HttpMethod.GET).setHost("127.0.0.1").setPort(tidings.api().port())
        .setURI("/api/v1/files/" + id).putHeader("Authorization", "Bearer " + user.token()))
      .compose(request -> request.send())
      .onSuccess(response -> {
        if (response.statusCode() != 200 || response.version() != version) {
          done.tryFail("status " + response.statusCode() + " over " + response.version());
          return;
        }
        response.handler(chunk -> {
          if (chunks.getAndIncrement() == 0) {
            onFirstChunk.accept(chunk);
          }
          body.appendBuffer(chunk);
        });
        response.exceptionHandler(done::tryFail);
        response.endHandler(v -> done.tryComplete(body));
      })
      .onFailure(done::tryFail);
    return done.future().eventually(client::close);
  }
}
