package org.tidings.content;

import io.vertx.core.Future;
import io.vertx.core.Vertx;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.UUID;

/**
 * The name of this instance's cache among the instances of a cluster. Unless configured it is
 * made on first start and kept in the cache folder, so that it names the bytes in that folder:
 * a restarted instance finds its copies under the same name, a wiped cache gets a new one.
 */
final class InstanceId {

  private static final String FILE = "instance-id";

  private InstanceId() {
  }

  static Future<String> of(Vertx vertx, ContentSettings settings) {
    if (!settings.instanceId().isEmpty()) {
      return Future.succeededFuture(settings.instanceId());
    }
    Path file = settings.cacheDir().resolve(FILE);
    return vertx.executeBlocking(() -> {
      if (Files.exists(file)) {
        String kept = Files.readString(file, StandardCharsets.US_ASCII).trim();
        if (kept.matches(ContentSettings.INSTANCE_ID)) {
          return kept;
        }
      }
      String made = UUID.randomUUID().toString();
      Files.createDirectories(file.getParent());
      Path temp = file.resolveSibling(FILE + ".new");
      Files.writeString(temp, made + "\n", StandardCharsets.US_ASCII);
      Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      return made;
    });
  }
}
