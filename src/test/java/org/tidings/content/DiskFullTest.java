package org.tidings.content;

import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.tidings.testing.Response;
import org.tidings.testing.SmallFileSystem;
import org.tidings.testing.TestUser;
import org.tidings.testing.TidingsServer;

import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.tidings.content.ContentFixtures.count;
import static org.tidings.content.ContentFixtures.noTemporaryFiles;
import static org.tidings.content.ContentFixtures.randomBytes;
import static org.tidings.content.ContentFixtures.upload;
import static org.tidings.content.ContentFixtures.uploaded;
import static org.tidings.testing.Eventually.eventually;

/**
 * The cache's disk fills up before its configured size does (a 4 MiB file system under a cache
 * allowed 64 MiB): the upload that finds no room answers {@code 507}, leaves no record and no
 * file, and gives its room back, whichever way its file was being written.
 */
class DiskFullTest {

  @RegisterExtension
  @Order(0)
  static final SmallFileSystem disk = new SmallFileSystem("test-small-fs", 4);

  @RegisterExtension
  @Order(1)
  static final TidingsServer tidings = new TidingsServer(new JsonObject().put("content", new JsonObject()
    .put("cacheDir", disk.path().toString()).put("cacheMaxBytes", 64 * 1024 * 1024)));

  @Test
  void aLargeUploadWrittenDirectlyAnswersInsufficientStorageWhenTheDiskIsFull() {
    TestUser ada = tidings.newUser("Ada");

    Response refused = upload(tidings.api(), ada, "large.bin", randomBytes(12 * 1024 * 1024, 61), null);

    assertThat(refused.status()).isEqualTo(507);
    assertThat(refused.error()).isEqualTo("insufficient_storage");
    assertNothingLeftBehind(ada);
  }

  @Test
  void aSmallUploadWrittenThroughThePageCacheAnswersInsufficientStorageWhenTheDiskIsFull() {
    TestUser bob = tidings.newUser("Bob");

    Response refused = upload(tidings.api(), bob, "photo.bin", randomBytes(6 * 1024 * 1024, 62), null);

    assertThat(refused.status()).isEqualTo(507);
    assertThat(refused.error()).isEqualTo("insufficient_storage");
    assertNothingLeftBehind(bob);
  }

  private static void assertNothingLeftBehind(TestUser user) {
    eventually("temporary files are gone", () -> noTemporaryFiles(disk.path()));
    assertThat(count(tidings.database(), "SELECT count(*) FROM content.files WHERE owner = ?", UUID.fromString(user.id())))
      .isZero();
    // The room it claimed is given back: a file that fits is taken.
    assertThat(uploaded(tidings.api(), user, "fits.bin", randomBytes(100_000, 63)).getLong("size")).isEqualTo(100_000L);
  }
}
