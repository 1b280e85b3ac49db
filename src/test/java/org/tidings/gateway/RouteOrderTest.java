package org.tidings.gateway;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.Route;
import io.vertx.ext.web.Router;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The hot calls are matched early: Vert.x Web tries each route's path pattern before its method. */
class RouteOrderTest {

  @Test
  void sendingAMessageIsTheFirstRoomRouteTried() {
    Vertx vertx = Vertx.vertx();
    try {
      Route first = roomRoutes(api(TestRouter.create(vertx))).getFirst();
      assertThat(first.getPath()).isEqualTo("/rooms/:roomId/messages");
      assertThat(first.methods()).containsExactly(HttpMethod.POST);
    } finally {
      vertx.close();
    }
  }

  private static Router api(Router root) {
    return root.getRoutes().stream()
      .filter(route -> (ApiRouter.API + "/").equals(route.getPath()) && route.getSubRouter() != null)
      .findFirst().orElseThrow().getSubRouter();
  }

  private static List<Route> roomRoutes(Router api) {
    return api.getRoutes().stream()
      .filter(route -> route.getPath() != null && route.getPath().startsWith("/rooms/:roomId"))
      .toList();
  }
}
