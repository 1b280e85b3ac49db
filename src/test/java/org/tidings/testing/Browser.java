package org.tidings.testing;

import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;

/** Debian's headless Chromium driven through its own chromedriver (no browser downloads). */
public final class Browser {

  public static final File CHROMIUM = new File("/usr/bin/chromium");
  public static final File CHROMEDRIVER = new File("/usr/bin/chromedriver");

  private Browser() {
  }

  public static boolean available() {
    return CHROMIUM.canExecute() && CHROMEDRIVER.canExecute();
  }

  public static ChromeDriver start() {
    try {
      ChromeOptions options = new ChromeOptions()
        .setBinary(CHROMIUM)
        .addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-quic",
          "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync",
          "--user-data-dir=" + Files.createTempDirectory("tidings-chromium"));
      ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER)
        .usingAnyFreePort().build();
      return new ChromeDriver(service, options);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
