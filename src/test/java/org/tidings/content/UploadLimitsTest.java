package org.tidings.content;

import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.tidings.testing.Response;
import org.tidings.testing.TestUser;
import org.tidings.testing.TidingsServer;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.tidings.content.ContentFixtures.cacheFiles;
import static org.tidings.content.ContentFixtures.count;
import static org.tidings.content.ContentFixtures.noTemporaryFiles;
import static org.tidings.content.ContentFixtures.randomBytes;
import static org.tidings.content.ContentFixtures.upload;
import static org.tidings.testing.Eventually.eventually;

/** Limits and broken uploads: nothing is left behind, neither a record nor a file. */
class UploadLimitsTest {

  private static final int MAX_UPLOAD = 256 * 1024;
  private static final int CACHE = 512 * 1024;

  @RegisterExtension
  static TidingsServer tidings = new TidingsServer(new JsonObject().put("content", new JsonObject()
    .put("maxUploadBytes", MAX_UPLOAD).put("cacheMaxBytes", CACHE)));

  @Test
  void anUploadOverTheLimitIsRefusedWithTooLarge() {
    TestUser ada = tidings.newUser("Ada");
    Response refused = upload(tidings.api(), ada, "big.bin", randomBytes(MAX_UPLOAD + 1, 1), null);
    assertThat(refused.status()).isEqualTo(413);
    assertThat(refused.error()).isEqualTo("too_large");
    assertNothingLeftBehind(ada);
  }

  @Test
  void aChunkedUploadIsCutOffAsSoonAsItPassesTheLimit() throws Exception {
    TestUser ada = tidings.newUser("Ada");
    String status = chunkedUpload(ada, 64 * 1024, 7);
    assertThat(status).startsWith("HTTP/1.1 413");
    assertNothingLeftBehind(ada);
  }

  @Test
  void anUploadThatCannotFitInTheCacheAnswersInsufficientStorage() throws Exception {
    TestUser owner = tidings.newUser("Owner");
    String first = ContentFixtures.uploaded(tidings.api(), owner, "one.bin", randomBytes(200_000, 20)).getString("id");
    String second = ContentFixtures.uploaded(tidings.api(), owner, "two.bin", randomBytes(200_000, 21)).getString("id");
    TestUser ada = tidings.newUser("Ada");
    Response refused = upload(tidings.api(), ada, "roomy.bin", randomBytes(200_000, 2), null);
    assertThat(refused.status()).isEqualTo(507);
    assertThat(refused.error()).isEqualTo("insufficient_storage");
    assertThat(chunkedUpload(ada, 32 * 1024, 6)).startsWith("HTTP/1.1 507");
    assertNothingLeftBehind(ada);
    assertThat(tidings.api().delete("/files/" + first, owner.token()).status()).isEqualTo(204);
    assertThat(tidings.api().delete("/files/" + second, owner.token()).status()).isEqualTo(204);
    assertThat(upload(tidings.api(), ada, "roomy.bin", randomBytes(200_000, 2), null).status()).isEqualTo(201);
  }

  @Test
  void anUploadRefusedBeforeItsBodyIsReadIsAnsweredAndItsConnectionClosed() throws Exception {
    try (Socket socket = new Socket("127.0.0.1", tidings.api().port())) {
      socket.setSoTimeout(10_000);
      OutputStream out = socket.getOutputStream();
      out.write(("POST /api/v1/files?name=x.bin HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer not-a-token"
        + "\r\nContent-Length: 200000\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
      out.write(randomBytes(200_000, 5).getBytes());
      out.flush();
      // Read to the end: a connection left open would hold the unread body (and time out here).
      String answer = new String(socket.getInputStream().readAllBytes(), StandardCharsets.US_ASCII);
      assertThat(answer).startsWith("HTTP/1.1 401").containsIgnoringCase("connection: close");
    }
  }

  @Test
  void aClientThatDisconnectsMidUploadLeavesNoRecordAndNoFile() throws Exception {
    TestUser ada = tidings.newUser("Ada");
    try (Socket socket = new Socket("127.0.0.1", tidings.api().port())) {
      OutputStream out = socket.getOutputStream();
      out.write(("POST /api/v1/files?name=cut.bin HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer " + ada.token()
        + "\r\nContent-Length: 200000\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
      out.write(randomBytes(100_000, 4).getBytes());
      out.flush();
      eventually("the upload reached the cache", () -> cacheFiles(tidings.cacheDir()).stream().anyMatch(f -> f.startsWith("tmp")));
    }
    eventually("the temporary file is gone", () -> noTemporaryFiles(tidings.cacheDir()));
    assertNothingLeftBehind(ada);
  }

  @Test
  void aClientExpectingContinueIsToldToSendOrRefusedBeforeSending() throws IOException {
    TestUser ada = tidings.newUser("Ada");
    try (Socket socket = new Socket("127.0.0.1", tidings.api().port())) {
      OutputStream out = socket.getOutputStream();
      BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII));
      out.write(("POST /api/v1/files?name=asked.bin HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer " + ada.token()
        + "\r\nExpect: 100-continue\r\nContent-Length: 1000\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
      out.flush();
      assertThat(in.readLine()).startsWith("HTTP/1.1 100");
      in.readLine();
      out.write(randomBytes(1000, 6).getBytes());
      out.flush();
      assertThat(in.readLine()).startsWith("HTTP/1.1 201");
    }
    try (Socket socket = new Socket("127.0.0.1", tidings.api().port())) {
      OutputStream out = socket.getOutputStream();
      out.write(("POST /api/v1/files?name=huge.bin HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer " + ada.token()
        + "\r\nExpect: 100-continue\r\nContent-Length: " + (MAX_UPLOAD + 1) + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
      out.flush();
      BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII));
      assertThat(in.readLine()).startsWith("HTTP/1.1 413");
    }
  }

  /** Sends {@code chunks} chunks of {@code size} bytes from another thread; answers the status line. */
  private static String chunkedUpload(TestUser user, int size, int chunks) throws IOException {
    try (Socket socket = new Socket("127.0.0.1", tidings.api().port())) {
      OutputStream out = socket.getOutputStream();
      out.write(("POST /api/v1/files?name=chunked.bin HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer " + user.token()
        + "\r\nTransfer-Encoding: chunked\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
      Thread sender = Thread.ofVirtual().start(() -> {
        try {
          byte[] chunk = randomBytes(size, 5).getBytes();
          for (int i = 0; i < chunks; i++) {
            out.write((Integer.toHexString(size) + "\r\n").getBytes(StandardCharsets.US_ASCII));
            out.write(chunk);
            out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
          }
          out.write("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
          out.flush();
        } catch (IOException e) {
          // the server stopped reading and closed: expected
        }
      });
      BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII));
      String status = in.readLine();
      socket.close();
      sender.join();
      return status;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException(e);
    }
  }

  private static void assertNothingLeftBehind(TestUser user) {
    eventually("temporary files are gone", () -> noTemporaryFiles(tidings.cacheDir()));
    assertThat(count(tidings.database(), "SELECT count(*) FROM content.files WHERE owner = ?", UUID.fromString(user.id())))
      .isZero();
  }
}
