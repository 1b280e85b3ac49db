package org.tidings.gateway;

import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.tidings.testing.TestUser;
import org.tidings.testing.TidingsServer;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The gateway remembers tokens it has verified; a remembered token still stops working when
 * it expires or its session is revoked. Access tokens live 3 s here.
 */
class RememberedTokensTest {

  @RegisterExtension
  static TidingsServer tidings = new TidingsServer(new JsonObject()
    .put("auth", new JsonObject().put("accessTokenTtl", 3)));

  @Test
  void aTokenAcceptedBeforeIsRefusedOnceItExpires() throws InterruptedException {
    TestUser ada = tidings.newUser("Ada");
    assertThat(tidings.api().get("/me", ada.token()).status()).isEqualTo(200);
    assertThat(tidings.api().get("/me", ada.token()).status()).isEqualTo(200);

    // past the expiry at second resolution, however the issue time was rounded
    Thread.sleep(4_200);
    assertThat(tidings.api().get("/me", ada.token()).status()).isEqualTo(401);
  }

  @Test
  void aTokenAcceptedBeforeIsRefusedOnceItsSessionIsRevoked() {
    TestUser bob = tidings.newUser("Bob");
    assertThat(tidings.api().get("/me", bob.token()).status()).isEqualTo(200);

    assertThat(tidings.api().delete("/auth/sessions/" + bob.sessionId(), bob.token()).status()).isEqualTo(204);
    assertThat(tidings.api().get("/me", bob.token()).status()).isEqualTo(401);
  }
}
