package org.tidings.content;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Opening a cached copy: missing, renamed into place meanwhile, or there. */
class CachedFileTest {

  @TempDir
  Path dir;

  @Test
  void aCopyRenamedIntoPlaceWhileBeingOpenedIsEitherNotThereYetOrOpened() throws Exception {
    List<IOException> unexpected = new ArrayList<>();
    try (ExecutorService mover = Executors.newSingleThreadExecutor()) {
      for (int round = 0; round < 3000 && unexpected.isEmpty(); round++) {
        Path temp = Files.writeString(dir.resolve("temp-" + round), "bytes");
        Path cached = dir.resolve("copy-" + round);
        Future<Path> moved = mover.submit(() -> Files.move(temp, cached, StandardCopyOption.ATOMIC_MOVE));
        while (true) {
          try (CachedFile file = CachedFile.open(cached)) {
            assertThat(file.length()).isEqualTo(5);
            break;
          } catch (NoSuchFileException notYet) {
            Thread.onSpinWait();
          } catch (IOException e) {
            unexpected.add(e);
            break;
          }
        }
        moved.get();
      }
    }
    assertThat(unexpected).isEmpty();
  }

  @Test
  void aMissingCopyIsNoSuchFile() {
    assertThatThrownBy(() -> CachedFile.open(dir.resolve("missing"))).isInstanceOf(NoSuchFileException.class);
  }
}
