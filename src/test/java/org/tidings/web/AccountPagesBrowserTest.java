package org.tidings.web;

import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.tidings.testing.Api;
import org.tidings.testing.Browser;
import org.tidings.testing.TestUser;
import org.tidings.testing.TidingsServer;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** The pages the mailed links open, in a real browser, as a person uses them. */
class AccountPagesBrowserTest {

  @RegisterExtension
  static TidingsServer tidings = new TidingsServer();

  private static WebDriver browser;

  @BeforeAll
  static void openBrowser() {
    assumeTrue(Browser.available(), "Debian's chromium and chromium-driver are not installed (.ci/run installs them)");
    browser = Browser.start();
  }

  @AfterAll
  static void closeBrowser() {
    if (browser != null) {
      browser.quit();
    }
  }

  @Test
  void theMailedVerificationLinkConfirmsTheAddress() {
    Api api = tidings.api();
    api.post("/auth/register", new JsonObject().put("email", "browser@example.org").put("password", "browser password"));
    String token = tidings.mailbox().token("browser@example.org", "verify");

    browser.get(page("#/verify?token=" + token));
    assertThat(noticeSays("confirmed")).isTrue();
    assertThat(api.post("/auth/login", new JsonObject().put("email", "browser@example.org").put("password", "browser password"))
      .status()).isEqualTo(200);
  }

  @Test
  void theMailedResetLinkSetsANewPasswordAndSignsInWithIt() {
    Api api = tidings.api();
    TestUser user = tidings.newUser("Forgetful");
    api.post("/auth/password/forgot", new JsonObject().put("email", user.email()));
    String token = tidings.mailbox().token(user.email(), "reset");

    browser.get(page("#/reset?token=" + token));
    browser.findElement(By.cssSelector("#reset-form input[name=password]")).sendKeys("a brand new password");
    browser.findElement(By.cssSelector("#reset-form button")).click();
    assertThat(noticeSays("password is changed")).isTrue();

    browser.findElement(By.cssSelector("#sign-in-form input[name=email]")).sendKeys(user.email());
    browser.findElement(By.cssSelector("#sign-in-form input[name=password]")).sendKeys("a brand new password");
    browser.findElement(By.cssSelector("#sign-in-form button")).click();
    new WebDriverWait(browser, Duration.ofSeconds(10)).until(ExpectedConditions.visibilityOfElementLocated(By.id("account")));
    assertThat(browser.findElement(By.id("me-name")).getText()).isEqualTo("Forgetful");
    assertThat(browser.findElement(By.id("sessions")).getText()).contains("This device");
  }

  @Test
  void aUsedLinkSaysSo() {
    browser.get(page("#/verify?token=no-such-token"));
    assertThat(noticeSays("unknown, used or expired")).isTrue();
  }

  private static boolean noticeSays(String text) {
    return new WebDriverWait(browser, Duration.ofSeconds(10))
      .until(ExpectedConditions.textToBePresentInElementLocated(By.id("notice"), text));
  }

  private static String page(String hash) {
    return "http://127.0.0.1:" + tidings.api().port() + "/" + hash;
  }
}
