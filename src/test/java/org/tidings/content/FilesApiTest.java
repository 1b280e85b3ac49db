package org.tidings.content;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.slf4j.LoggerFactory;
import org.tidings.bus.Headers;
import org.tidings.testing.Api;
import org.tidings.testing.Response;
import org.tidings.testing.TestUser;
import org.tidings.testing.TidingsServer;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.junit.jupiter.api.Assumptions.assumeTrue;
import static org.tidings.content.ContentFixtures.cacheFiles;
import static org.tidings.content.ContentFixtures.count;
import static org.tidings.content.ContentFixtures.download;
import static org.tidings.content.ContentFixtures.noTemporaryFiles;
import static org.tidings.content.ContentFixtures.randomBytes;
import static org.tidings.content.ContentFixtures.request;
import static org.tidings.content.ContentFixtures.sha256;
import static org.tidings.content.ContentFixtures.upload;
import static org.tidings.content.ContentFixtures.uploaded;
import static org.tidings.testing.Eventually.eventually;

/** The Files rows of API.md through the real server, with the cache on disk. */
class FilesApiTest {

  @RegisterExtension
  static TidingsServer tidings = new TidingsServer();

  @Test
  void uploadAnswersTheRecordAndDownloadSendsTheSameBytesWithItsHeaders() {
    TestUser ada = tidings.newUser("Ada");
    Buffer bytes = randomBytes(300_000, 1);
    Response created = upload(tidings.api(), ada, "notes.bin", bytes, "application/x-notes");
    assertThat(created.status()).isEqualTo(201);
    JsonObject file = created.json();
    assertThat(file.getString("name")).isEqualTo("notes.bin");
    assertThat(file.getLong("size")).isEqualTo(300_000L);
    assertThat(file.getString("hash")).isEqualTo(sha256(bytes));
    assertThat(file.getString("type")).isEqualTo("application/x-notes");
    assertThat(file.getString("uploadedAt")).isNotBlank();

    Response got = download(tidings.api(), ada, file.getString("id"));
    assertThat(got.status()).isEqualTo(200);
    assertThat(got.body()).isEqualTo(bytes);
    assertThat(got.header("Content-Length")).isEqualTo("300000");
    assertThat(got.header("Content-Type")).isEqualTo("application/x-notes");
    assertThat(got.header("ETag")).isEqualTo("\"" + sha256(bytes) + "\"");
    assertThat(got.header("Content-Disposition")).isEqualTo("attachment; filename=\"notes.bin\"; filename*=UTF-8''notes.bin");

    Response meta = tidings.api().get("/files/" + file.getString("id") + "/meta", ada.token());
    assertThat(meta.status()).isEqualTo(200);
    assertThat(meta.json()).isEqualTo(file.copy().put("owner", ada.id()).put("readers", new JsonArray()));
  }

  @Test
  void aDownloadChecksTheTokenAndCarriesARequestIdAsEveryOtherCallDoes() {
    TestUser ada = tidings.newUser("Ada");
    String id = uploaded(tidings.api(), ada, "pic.bin", randomBytes(1_000, 3)).getString("id");

    Response anonymous = tidings.api().get("/files/" + id, null);
    assertThat(anonymous.status()).isEqualTo(401);
    assertThat(anonymous.json().getString("error")).isEqualTo("unauthorized");
    assertThat(anonymous.header("ETag")).isNull();
    assertThat(tidings.api().get("/files/" + id, "not-a-token").status()).isEqualTo(401);

    Response traced = Api.await(tidings.api().request(HttpMethod.GET, "/files/" + id, ada.token(), null,
      MultiMap.caseInsensitiveMultiMap().add("X-Request-Id", "trace-7")));
    assertThat(traced.status()).isEqualTo(200);
    assertThat(traced.header("X-Request-Id")).isEqualTo("trace-7");
    assertThat(tidings.api().get("/files/" + id, ada.token()).header("X-Request-Id")).isNotBlank();
  }

  @Test
  void aClientThatHangsUpMidDownloadIsNotLoggedAsAFault() throws IOException {
    TestUser ada = tidings.newUser("Ada");
    String id = uploaded(tidings.api(), ada, "film.bin", randomBytes(16 * 1024 * 1024, 21)).getString("id");
    Logger failures = (Logger) LoggerFactory.getLogger("org.tidings.gateway.ErrorResponses");
    Level level = failures.getLevel();
    ListAppender<ILoggingEvent> logged = new ListAppender<>();
    logged.start();
    failures.addAppender(logged);
    failures.setLevel(Level.DEBUG);
    try {
      try (Socket socket = new Socket()) {
        // A small window keeps most of the file on the server's side when the client leaves.
        socket.setReceiveBufferSize(4096);
        socket.connect(new InetSocketAddress("127.0.0.1", tidings.api().port()));
        socket.getOutputStream().write(("GET /api/v1/files/" + id + " HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer "
          + ada.token() + "\r\nX-Request-Id: hang-up-1\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        assertThat(new String(socket.getInputStream().readNBytes(64 * 1024), StandardCharsets.ISO_8859_1)).startsWith("HTTP/1.1 200");
        socket.setSoLinger(true, 0);
      }
      eventually("the server noticed the client leave",
        () -> List.copyOf(logged.list).stream().anyMatch(e -> e.getFormattedMessage().contains("hang-up-1")));
      assertThat(List.copyOf(logged.list)).filteredOn(e -> e.getFormattedMessage().contains("hang-up-1"))
        .extracting(ILoggingEvent::getLevel).containsOnly(Level.DEBUG);
    } finally {
      failures.detachAppender(logged);
      failures.setLevel(level);
    }
  }

  @Test
  void anUploadOfManyBatchesIsStoredAndHashedInOrder() {
    // Larger than what may wait for the disk at once, so the upload is paused and resumed.
    TestUser ada = tidings.newUser("Ada");
    Buffer bytes = randomBytes(20 * 1024 * 1024 + 12_345, 14);
    Response created = upload(tidings.api(), ada, "large.bin", bytes, null);
    assertThat(created.status()).isEqualTo(201);
    assertThat(created.json().getString("hash")).isEqualTo(sha256(bytes));
    assertThat(created.json().getLong("size")).isEqualTo(bytes.length());

    Response got = download(tidings.api(), ada, created.json().getString("id"));
    assertThat(got.body()).isEqualTo(bytes);
  }

  @Test
  void anHttp2UploadLargeEnoughToBeWrittenDirectlyIsStoredAsSent() {
    TestUser ada = tidings.newUser("Ada");
    Buffer bytes = randomBytes((int) DiskCache.DIRECT_FROM + 54_321, 15);
    HttpClient http2 = tidings.clientVertx().createHttpClient(new HttpClientOptions()
      .setProtocolVersion(HttpVersion.HTTP_2).setHttp2ClearTextUpgrade(false));
    try {
      JsonObject created = Api.await(http2.request(new RequestOptions().setMethod(HttpMethod.POST)
          .setHost("127.0.0.1").setPort(tidings.api().port()).setURI("/api/v1/files?name=h2.bin")
          .putHeader("Authorization", "Bearer " + ada.token()))
        .compose(request -> request.send(bytes))
        .compose(response -> response.body().map(body -> new JsonObject()
          .put("status", response.statusCode()).put("version", response.version().name()).put("body", body.toJsonObject()))));
      assertThat(created.getString("version")).isEqualTo("HTTP_2");
      assertThat(created.getInteger("status")).isEqualTo(201);
      assertThat(created.getJsonObject("body").getString("hash")).isEqualTo(sha256(bytes));
      assertThat(download(tidings.api(), ada, created.getJsonObject("body").getString("id")).body()).isEqualTo(bytes);
    } finally {
      Api.await(http2.close());
    }
  }

  @Test
  void uploadingTheSameBytesTwiceStoresOneBlob() {
    TestUser ada = tidings.newUser("Ada");
    TestUser bob = tidings.newUser("Bob");
    Buffer bytes = randomBytes(50_000, 2);
    String hash = sha256(bytes);
    JsonObject first = uploaded(tidings.api(), ada, "a.bin", bytes);
    JsonObject second = uploaded(tidings.api(), bob, "b.bin", bytes);

    assertThat(first.getString("id")).isNotEqualTo(second.getString("id"));
    assertThat(count(tidings.database(), "SELECT count(*) FROM content.blobs WHERE hash = ?", hash)).isEqualTo(1);
    assertThat(count(tidings.database(), "SELECT count(*) FROM content.files WHERE hash = ?", hash)).isEqualTo(2);
    assertThat(cacheFiles(tidings.cacheDir())).filteredOn(f -> f.endsWith(hash)).hasSize(1);
    eventually("the second upload's temporary copy is gone", () -> noTemporaryFiles(tidings.cacheDir()));

    assertThat(tidings.api().delete("/files/" + first.getString("id"), ada.token()).status()).isEqualTo(204);
    assertThat(download(tidings.api(), bob, second.getString("id")).body()).isEqualTo(bytes);
    assertThat(cacheFiles(tidings.cacheDir())).filteredOn(f -> f.endsWith(hash)).hasSize(1);

    assertThat(tidings.api().delete("/files/" + second.getString("id"), bob.token()).status()).isEqualTo(204);
    assertThat(cacheFiles(tidings.cacheDir())).noneMatch(f -> f.endsWith(hash));
    assertThat(count(tidings.database(), "SELECT count(*) FROM content.blobs WHERE hash = ?", hash)).isZero();
    assertThat(download(tidings.api(), bob, second.getString("id")).status()).isEqualTo(404);
  }

  @Test
  void theCachedCopyOfADeletedFileIsNotKeptOpenByEarlierDownloads() throws IOException {
    assumeTrue(Files.isDirectory(OPEN_FILES), "needs /proc/self/fd");
    TestUser ada = tidings.newUser("Ada");
    Buffer bytes = randomBytes(70_000, 15);
    String hash = sha256(bytes);
    String id = uploaded(tidings.api(), ada, "kept.bin", bytes).getString("id");
    assertThat(download(tidings.api(), ada, id).body()).isEqualTo(bytes);
    assertThat(download(tidings.api(), ada, id).body()).isEqualTo(bytes);
    assertThat(openFiles()).as("kept open between downloads").anyMatch(file -> file.contains(hash));

    assertThat(tidings.api().delete("/files/" + id, ada.token()).status()).isEqualTo(204);

    assertThat(openFiles()).as("closed with the blob, so its disk space comes back").noneMatch(file -> file.contains(hash));
    assertThat(download(tidings.api(), ada, id).status()).isEqualTo(404);
  }

  @Test
  void aSingleRangeIsAnsweredWithPartialContent() {
    TestUser ada = tidings.newUser("Ada");
    Buffer bytes = randomBytes(1000, 3);
    String id = uploaded(tidings.api(), ada, "r.bin", bytes).getString("id");

    Response middle = download(tidings.api(), ada, id, "Range", "bytes=10-19");
    assertThat(middle.status()).isEqualTo(206);
    assertThat(middle.body()).isEqualTo(bytes.slice(10, 20));
    assertThat(middle.header("Content-Range")).isEqualTo("bytes 10-19/1000");
    assertThat(middle.header("Content-Length")).isEqualTo("10");

    Response tail = download(tidings.api(), ada, id, "Range", "bytes=-5");
    assertThat(tail.status()).isEqualTo(206);
    assertThat(tail.body()).isEqualTo(bytes.slice(995, 1000));

    Response open = download(tidings.api(), ada, id, "Range", "bytes=990-");
    assertThat(open.body()).isEqualTo(bytes.slice(990, 1000));
    assertThat(open.header("Content-Range")).isEqualTo("bytes 990-999/1000");

    Response beyond = download(tidings.api(), ada, id, "Range", "bytes=1000-");
    assertThat(beyond.status()).isEqualTo(416);
    assertThat(beyond.header("Content-Range")).isEqualTo("bytes */1000");

    Response several = download(tidings.api(), ada, id, "Range", "bytes=0-1,5-6");
    assertThat(several.status()).isEqualTo(200);
    assertThat(several.body()).isEqualTo(bytes);
  }

  @Test
  void aRangeOfSeveralMebibytesArrivesWholeAndTheConnectionGoesOnServing() {
    // More than one of Vert.x's 1 MiB sendfile regions, then more answers on the same
    // keep-alive connection.
    TestUser ada = tidings.newUser("Ada");
    Buffer big = randomBytes(3 * 1024 * 1024 + 777, 16);
    Buffer small = randomBytes(5_000, 17);
    String bigId = uploaded(tidings.api(), ada, "big.bin", big).getString("id");
    String smallId = uploaded(tidings.api(), ada, "small.bin", small).getString("id");

    Response range = download(tidings.api(), ada, bigId, "Range", "bytes=1000-" + (big.length() - 2));
    assertThat(range.status()).isEqualTo(206);
    assertThat(range.body()).isEqualTo(big.slice(1000, big.length() - 1));

    assertThat(download(tidings.api(), ada, smallId).body()).isEqualTo(small);
    assertThat(download(tidings.api(), ada, bigId).body()).isEqualTo(big);
    assertThat(download(tidings.api(), ada, smallId).body()).isEqualTo(small);
  }

  @Test
  void headAnswersTheHeadersWithoutTheBytes() {
    TestUser ada = tidings.newUser("Ada");
    Buffer bytes = randomBytes(4096, 4);
    String id = uploaded(tidings.api(), ada, "h.bin", bytes).getString("id");

    Response head = request(tidings.api(), HttpMethod.HEAD, ada, id);
    assertThat(head.status()).isEqualTo(200);
    assertThat(head.header("Content-Length")).isEqualTo("4096");
    assertThat(head.header("ETag")).isEqualTo("\"" + sha256(bytes) + "\"");
    assertThat(head.body() == null || head.body().length() == 0).isTrue();

    Response stranger = request(tidings.api(), HttpMethod.HEAD, tidings.newUser("Eve"), id);
    assertThat(stranger.status()).isEqualTo(404);
  }

  @Test
  void ifNoneMatchWithTheHashAnswersNotModified() {
    TestUser ada = tidings.newUser("Ada");
    Buffer bytes = randomBytes(2000, 5);
    String id = uploaded(tidings.api(), ada, "c.bin", bytes).getString("id");

    Response same = download(tidings.api(), ada, id, "If-None-Match", "\"" + sha256(bytes) + "\"");
    assertThat(same.status()).isEqualTo(304);
    assertThat(same.body() == null || same.body().length() == 0).isTrue();

    Response other = download(tidings.api(), ada, id, "If-None-Match", "\"" + "0".repeat(64) + "\"");
    assertThat(other.status()).isEqualTo(200);
    assertThat(other.body()).isEqualTo(bytes);
  }

  @Test
  void namesWithQuotesSlashesUnicodeAndDotsAreMetadataOnly() {
    TestUser ada = tidings.newUser("Ada");
    String name = "../../etc/\"päss\\wd\" 名前 ✓.txt";
    Buffer bytes = randomBytes(100, 6);
    JsonObject file = uploaded(tidings.api(), ada, name, bytes);
    assertThat(file.getString("name")).isEqualTo(name);

    Response got = download(tidings.api(), ada, file.getString("id"));
    String disposition = got.header("Content-Disposition");
    assertThat(disposition).startsWith("attachment; filename=\"").contains("filename*=UTF-8''");
    String fallback = disposition.substring("attachment; filename=\"".length(), disposition.indexOf("\"; filename*="));
    assertThat(fallback).doesNotContain("\"", "/", "\\").matches("[\\x20-\\x7e]+");
    String exact = disposition.substring(disposition.indexOf("filename*=UTF-8''") + "filename*=UTF-8''".length());
    assertThat(exact).matches("[A-Za-z0-9%._~!$&'()+-]+");
    assertThat(URLDecoder.decode(exact, StandardCharsets.UTF_8)).isEqualTo(name);
    assertThat(cacheFiles(tidings.cacheDir())).allMatch(f -> f.matches("blobs/[0-9a-f]{2}/[0-9a-f]{64}") || f.equals("instance-id"));
  }

  @Test
  void anUploadWithoutANameIsABadRequest() {
    TestUser ada = tidings.newUser("Ada");
    Response response = Api.await(tidings.api().request(HttpMethod.POST, "/files", ada.token(), randomBytes(10, 7), null));
    assertThat(response.status()).isEqualTo(400);
    assertThat(response.error()).isEqualTo("bad_request");
    assertThat(upload(tidings.api(), ada, "bad\nname", randomBytes(10, 7), null).status()).isEqualTo(400);
  }

  @Test
  void onlyTheOwnerAndGrantedReadersMayReadAndOnlyTheOwnerMayDelete() {
    TestUser ada = tidings.newUser("Ada");
    TestUser bob = tidings.newUser("Bob");
    TestUser eve = tidings.newUser("Eve");
    String id = uploaded(tidings.api(), ada, "private.bin", randomBytes(100, 8)).getString("id");

    assertThat(download(tidings.api(), bob, id).status()).isEqualTo(404);
    assertThat(download(tidings.api(), bob, id).error()).isEqualTo("not_found");
    assertThat(tidings.api().get("/files/" + id + "/meta", bob.token()).status()).isEqualTo(404);
    assertThat(tidings.api().delete("/files/" + id, bob.token()).status()).isEqualTo(404);

    grant(ada, id, bob);
    assertThat(download(tidings.api(), bob, id).status()).isEqualTo(200);
    assertThat(tidings.api().get("/files/" + id + "/meta", bob.token()).json().getString("owner")).isEqualTo(ada.id());
    Response refused = tidings.api().delete("/files/" + id, bob.token());
    assertThat(refused.status()).isEqualTo(403);
    assertThat(refused.error()).isEqualTo("forbidden");
    assertThat(download(tidings.api(), eve, id).status()).isEqualTo(404);

    assertThat(download(tidings.api(), ada, "not-a-uuid").status()).isEqualTo(404);
    assertThat(download(tidings.api(), ada, UUID.randomUUID().toString()).status()).isEqualTo(404);
    assertThat(tidings.api().get("/files/" + id, null).status()).isEqualTo(401);
    assertThat(Api.await(tidings.api().request(HttpMethod.POST, "/files?name=x", null, randomBytes(10, 9), null)).status())
      .isEqualTo(401);
  }

  @Test
  void aForwardedCopyStaysReadableAfterTheOriginalIsDeleted() {
    TestUser ada = tidings.newUser("Ada");
    TestUser bob = tidings.newUser("Bob");
    Buffer bytes = randomBytes(10_000, 10);
    String original = uploaded(tidings.api(), ada, "fwd.bin", bytes).getString("id");
    grant(ada, original, bob);

    JsonObject forwarded = busRequest("content.forward", new JsonObject().put("fileId", original), bob.id());
    String copy = forwarded.getString("fileId");
    assertThat(copy).isNotEqualTo(original);
    JsonObject described = busRequest("content.describe", new JsonObject().put("fileId", copy), bob.id());
    assertThat(described.getString("owner")).isEqualTo(bob.id());
    assertThat(described.getString("name")).isEqualTo("fwd.bin");

    assertThat(tidings.api().delete("/files/" + original, ada.token()).status()).isEqualTo(204);
    assertThat(download(tidings.api(), bob, copy).body()).isEqualTo(bytes);
    assertThat(download(tidings.api(), ada, copy).status()).isEqualTo(404);
  }

  @Test
  void describeAndForwardAnswerNotFoundToWhoeverMayNotRead() {
    TestUser ada = tidings.newUser("Ada");
    TestUser eve = tidings.newUser("Eve");
    String id = uploaded(tidings.api(), ada, "x.bin", randomBytes(10, 11)).getString("id");
    for (String address : new String[] {"content.describe", "content.forward"}) {
      ReplyException refused = catchThrowableOfType(IllegalStateException.class,
        () -> busRequest(address, new JsonObject().put("fileId", id), eve.id())).getCause() instanceof java.util.concurrent.ExecutionException e
        && e.getCause() instanceof ReplyException r ? r : null;
      assertThat(refused).isNotNull();
      assertThat(refused.failureCode()).isEqualTo(404);
    }
  }

  @Test
  void aFileDeletedByItsOwnerIsNotServedThoughItsRecordWasJustRead() {
    TestUser ada = tidings.newUser("Ada");
    TestUser bob = tidings.newUser("Bob");
    String id = uploaded(tidings.api(), ada, "gone.bin", randomBytes(1000, 11)).getString("id");
    grant(ada, id, bob);
    assertThat(download(tidings.api(), ada, id).status()).isEqualTo(200);
    assertThat(download(tidings.api(), bob, id).status()).isEqualTo(200);

    assertThat(tidings.api().delete("/files/" + id, ada.token()).status()).isEqualTo(204);
    assertThat(download(tidings.api(), ada, id).status()).isEqualTo(404);
    assertThat(download(tidings.api(), bob, id).status()).isEqualTo(404);
    assertThat(tidings.api().get("/files/" + id + "/meta", ada.token()).status()).isEqualTo(404);
  }

  @Test
  void aRevokedGrantCountsAtOnceThoughTheRecordWasJustRead() {
    TestUser ada = tidings.newUser("Ada");
    TestUser bob = tidings.newUser("Bob");
    String id = uploaded(tidings.api(), ada, "revoked.bin", randomBytes(1000, 12)).getString("id");
    grant(ada, id, bob);
    assertThat(download(tidings.api(), bob, id).status()).isEqualTo(200);

    assertThat(tidings.api().delete("/files/" + id + "/readers/" + bob.id(), ada.token()).status()).isEqualTo(204);
    assertThat(download(tidings.api(), bob, id).status()).isEqualTo(404);
    assertThat(download(tidings.api(), ada, id).status()).isEqualTo(200);
  }

  @Test
  void aDeletionNoticeFromAnotherInstanceDropsTheRememberedRecord() {
    TestUser ada = tidings.newUser("Ada");
    String id = uploaded(tidings.api(), ada, "elsewhere.bin", randomBytes(1000, 13)).getString("id");
    assertThat(busRequest("content.describe", new JsonObject().put("fileId", id), ada.id()).getString("id")).isEqualTo(id);

    // What another instance does on a delete: the row goes, then the notice is published.
    ContentFixtures.execute(tidings.database(), "DELETE FROM content.files WHERE id = ?::uuid", id);
    tidings.server().vertx().eventBus().publish(FileRecords.DELETED, id);
    // The notice and this request reach the content verticle in the order they were sent.
    ReplyException refused = catchThrowableOfType(IllegalStateException.class,
      () -> busRequest("content.describe", new JsonObject().put("fileId", id), ada.id())).getCause() instanceof java.util.concurrent.ExecutionException e
      && e.getCause() instanceof ReplyException r ? r : null;
    assertThat(refused).isNotNull();
    assertThat(refused.failureCode()).isEqualTo(404);
  }

  private static final Path OPEN_FILES = Path.of("/proc/self/fd");

  /** What this process (the test server runs in it) has open, as paths. */
  private static List<String> openFiles() throws IOException {
    List<String> open = new ArrayList<>();
    try (DirectoryStream<Path> fds = Files.newDirectoryStream(OPEN_FILES)) {
      for (Path fd : fds) {
        try {
          open.add(Files.readSymbolicLink(fd).toString());
        } catch (IOException closedMeanwhile) {
          // a descriptor closed between the listing and the look
        }
      }
    }
    return open;
  }

  private static void grant(TestUser owner, String fileId, TestUser reader) {
    assertThat(tidings.api().put("/files/" + fileId + "/readers/" + reader.id(), owner.token(), null).status()).isEqualTo(204);
  }

  private static JsonObject busRequest(String address, JsonObject body, String userId) {
    return Api.await(tidings.server().vertx().eventBus().<JsonObject>request(address, body,
      new DeliveryOptions().addHeader(Headers.USER_ID, userId))).body();
  }
}
