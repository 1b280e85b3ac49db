package org.tidings.testing;

import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/** Debian's headless Chromium driven through its own chromedriver (no browser downloads). */
public final class Browser {

  public static final File CHROMIUM = new File("/usr/bin/chromium");
  public static final File CHROMEDRIVER = new File("/usr/bin/chromedriver");

  private Browser() {
  }

  public static boolean available() {
    return CHROMIUM.canExecute() && CHROMEDRIVER.canExecute();
  }

  /** A browser with a profile of its own, which {@code quit()} deletes (a few MiB per run otherwise). */
  public static ChromeDriver start() {
    try {
      Path profile = Files.createTempDirectory("tidings-chromium");
      ChromeOptions options = new ChromeOptions()
        .setBinary(CHROMIUM)
        .addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-quic",
          "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync",
          "--user-data-dir=" + profile);
      ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER)
        .usingAnyFreePort().build();
      return new ChromeDriver(service, options) {
        @Override
        public void quit() {
          try {
            super.quit();
          } finally {
            deleteTree(profile);
          }
        }
      };
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void deleteTree(Path root) {
    try (Stream<Path> paths = Files.walk(root)) {
      paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
