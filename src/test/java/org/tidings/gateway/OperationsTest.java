package org.tidings.gateway;

import io.vertx.core.MultiMap;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.tidings.testing.Api;
import org.tidings.testing.Response;
import org.tidings.testing.TestUser;
import org.tidings.testing.TidingsServer;

import static org.assertj.core.api.Assertions.assertThat;

/** What an operator relies on: health, metrics and request ids. */
class OperationsTest {

  @RegisterExtension
  static TidingsServer tidings = new TidingsServer();

  private final Api api = tidings.api();

  @Test
  void healthIsUpWithADatabaseCheck() {
    Response health = api.get("/health", null);
    assertThat(health.status()).isEqualTo(200);
    assertThat(health.json().getString("status")).isEqualTo("UP");
    assertThat(health.json().getJsonArray("checks").stream().map(c -> (JsonObject) c))
      .anySatisfy(check -> {
        assertThat(check.getString("name")).isEqualTo("database");
        assertThat(check.getString("status")).isEqualTo("UP");
      });
  }

  @Test
  void metricsArePrometheusTextWithHttpBusPoolAndJvmFigures() {
    api.get("/me", null);
    String metrics = api.get("/metrics", null).body().toString();
    assertThat(metrics)
      .contains("vertx_http_server_requests_total")
      .contains("vertx_eventbus_processed_total")
      .contains("vertx_pool_in_use")
      .contains("vertx_sql_processing_time_seconds")
      .contains("jvm_memory_used_bytes");
  }

  @Test
  void metricsHaveNoSeriesPerRoomOrUser() {
    TestUser ada = tidings.newUser("Metered");
    String roomId = api.post("/rooms", ada.token(), new JsonObject().put("name", "metered").put("type", "group"))
      .json().getString("id");
    assertThat(api.post("/rooms/" + roomId + "/messages", ada.token(), new JsonObject().put("text", "hi")).status())
      .isEqualTo(201);
    String metrics = api.get("/metrics", null).body().toString();
    // event-bus meters carry no address label (Vert.x's default): every room and user has its own
    assertThat(metrics).contains("vertx_eventbus_published_total").doesNotContain(roomId).doesNotContain(ada.id());
  }

  @Test
  void everyAnswerCarriesARequestIdAndASaneOneIsKept() {
    assertThat(api.get("/health", null).header("X-Request-Id")).isNotBlank();
    Response kept = Api.await(api.request(HttpMethod.GET, "/health", null, null,
      MultiMap.caseInsensitiveMultiMap().add("X-Request-Id", "trace-42")));
    assertThat(kept.header("X-Request-Id")).isEqualTo("trace-42");
    Response replaced = Api.await(api.request(HttpMethod.GET, "/health", null, null,
      MultiMap.caseInsensitiveMultiMap().add("X-Request-Id", "bad id with spaces")));
    assertThat(replaced.header("X-Request-Id")).isNotEqualTo("bad id with spaces");
  }
}
