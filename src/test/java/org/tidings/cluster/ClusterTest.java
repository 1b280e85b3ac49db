package org.tidings.cluster;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.tidings.testing.LoopbackCluster;
import org.tidings.testing.Response;
import org.tidings.testing.TestUser;
import org.tidings.testing.TidingsServer;

import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import static org.assertj.core.api.Assertions.assertThat;

/** Two instances clustered over Hazelcast on loopback, sharing one database. */
class ClusterTest {

  private static final LoopbackCluster CLUSTER = new LoopbackCluster(2);

  private static JsonObject clustered(int instance) {
    return new JsonObject().put("cluster", CLUSTER.settings(instance));
  }

  @RegisterExtension
  @Order(1)
  static TidingsServer first = new TidingsServer(clustered(0));

  @RegisterExtension
  @Order(2)
  static TidingsServer second = new TidingsServer(clustered(1)).sharingDatabaseOf(first);

  @Test
  void aTokenFromOneInstanceIsAcceptedByTheOther() {
    TestUser user = first.newUser("Roamer");
    assertThat(second.api().get("/me", user.token()).json().getString("id")).isEqualTo(user.id());
  }

  @Test
  void aSessionRevokedOnOneInstanceIsRefusedByTheOther() throws InterruptedException {
    TestUser user = first.newUser("Revoked");
    assertThat(second.api().get("/me", user.token()).status()).isEqualTo(200);
    assertThat(first.api().post("/auth/logout", user.token(), null).status()).isEqualTo(204);
    assertThat(first.api().get("/me", user.token()).status()).isEqualTo(401);
    // the revocation crosses the cluster as an event: allow it the time of one delivery
    assertThat(eventually(() -> second.api().get("/me", user.token()))).isEqualTo(401);
  }

  @Test
  void failedLoginsOnOneInstanceCountOnTheOther() throws InterruptedException {
    TestUser user = first.newUser("Guessed");
    JsonObject wrong = new JsonObject().put("email", user.email()).put("password", "a wrong guess");
    for (int i = 0; i < 5; i++) {
      assertThat(first.api().post("/auth/login", wrong).status()).isEqualTo(401);
    }
    JsonObject right = new JsonObject().put("email", user.email()).put("password", user.password());
    // each failure crosses the cluster as an event; a login let through would clear them, so
    // the one try comes after ample time for the deliveries
    TimeUnit.MILLISECONDS.sleep(500);
    Response limited = second.api().post("/auth/login", right);
    assertThat(limited.status()).isEqualTo(429);
    assertThat(limited.error()).isEqualTo("rate_limited");
  }

  @Test
  void healthReportsTheCluster() {
    JsonObject health = second.api().get("/health", null).json();
    assertThat(health.getString("status")).isEqualTo("UP");
    JsonObject cluster = health.getJsonArray("checks").stream().map(JsonObject.class::cast)
      .filter(check -> check.getString("name").equals("cluster")).findFirst().orElseThrow();
    assertThat(cluster.getString("status")).isEqualTo("UP");
    assertThat(cluster.getInteger("members")).isEqualTo(2);
  }

  private static int eventually(Supplier<Response> call) throws InterruptedException {
    // generous: under heavy load (seen at load average 8-19) one delivery took seconds
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
    int status = call.get().status();
    while (status != 401 && System.nanoTime() < deadline) {
      TimeUnit.MILLISECONDS.sleep(20);
      status = call.get().status();
    }
    return status;
  }
}
