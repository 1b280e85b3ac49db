package org.tidings.live;

import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.tidings.testing.BridgeClient;
import org.tidings.testing.TestUser;
import org.tidings.testing.TidingsServer;

import static org.assertj.core.api.Assertions.assertThat;

/** A socket whose peer stops pinging is closed by the server; one that pings stays. */
class LiveReapTest {

  @RegisterExtension
  static TidingsServer tidings = new TidingsServer(new JsonObject()
    .put("http", new JsonObject().put("live", new JsonObject().put("pingTimeoutMillis", 1_500))));

  @Test
  void aSilentSocketIsReapedAndAPingingOneIsNot() {
    TestUser ann = tidings.newUser("Ann");
    int port = tidings.api().port();
    try (BridgeClient silent = BridgeClient.signedIn(tidings.clientVertx(), port, ann, 0);
         BridgeClient alive = BridgeClient.signedIn(tidings.clientVertx(), port, ann, 300)) {
      assertThat(silent.awaitClosed()).isTrue();
      alive.register("user." + ann.id());
      alive.sync();
      assertThat(alive.isClosed()).as("the pinging socket outlived the silent one").isFalse();
    }
  }
}
