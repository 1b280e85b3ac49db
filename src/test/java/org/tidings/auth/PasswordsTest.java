package org.tidings.auth;

import io.vertx.core.Vertx;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.tidings.testing.Api;

import static org.assertj.core.api.Assertions.assertThat;

class PasswordsTest {

  private static Vertx vertx;
  private final Passwords passwords = new Passwords(vertx, new Passwords.Cost(1024, 1, 1));

  @BeforeAll
  static void startVertx() {
    vertx = Vertx.vertx();
  }

  @AfterAll
  static void close() {
    Api.await(vertx.close());
  }

  @Test
  void hashesAreArgon2idInPhcFormatWithTheirCost() {
    String hash = Api.await(passwords.hash("correct horse"));
    assertThat(hash).startsWith("$argon2id$v=19$m=1024,t=1,p=1$");
    assertThat(Api.await(passwords.hash("correct horse"))).as("salted").isNotEqualTo(hash);
  }

  @Test
  void onlyTheRightPasswordVerifies() {
    String hash = Api.await(passwords.hash("correct horse"));
    assertThat(Api.await(passwords.verify("correct horse", hash))).isTrue();
    assertThat(Api.await(passwords.verify("correct horsE", hash))).isFalse();
    assertThat(Api.await(passwords.verify("correct horse", "$bcrypt$nonsense"))).isFalse();
  }

  @Test
  void aHashKeepsVerifyingAfterTheCostIsRaised() {
    String old = Api.await(passwords.hash("correct horse"));
    Passwords stronger = new Passwords(vertx, new Passwords.Cost(2048, 2, 1));
    assertThat(Api.await(stronger.verify("correct horse", old))).isTrue();
  }

  @Test
  void checkingAnUnknownAccountSaysNo() {
    assertThat(Api.await(passwords.verifyNobody("anything at all"))).isFalse();
  }
}
