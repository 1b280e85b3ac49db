package org.tidings.gateway;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.Route;
import io.vertx.ext.web.Router;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** The hot calls are matched early: Vert.x Web tries each route's path before its method. */
class RouteOrderTest {

  private Vertx vertx;
  private Router root;

  @BeforeEach
  void router() {
    vertx = Vertx.vertx();
    root = TestRouter.create(vertx);
  }

  @AfterEach
  void close() {
    vertx.close();
  }

  @Test
  void fileDownloadsThenTheApiAreTheFirstRoutesWithAPath() {
    List<Route> withPath = root.getRoutes().stream().filter(route -> route.getPath() != null).toList();
    assertThat(withPath.get(0).getPath()).isEqualTo(ApiRouter.API + "/files/:id");
    assertThat(withPath.get(0).methods()).containsExactly(HttpMethod.GET);
    assertThat(withPath.get(1).getPath()).isEqualTo(ApiRouter.API + "/");
    assertThat(withPath.get(1).getSubRouter()).isNotNull();
  }

  @Test
  void sendingAMessageIsTriedBeforeEveryOtherCallThatNeedsAToken() {
    List<Route> routes = root.getRoutes().stream().filter(route -> route.getSubRouter() != null)
      .findFirst().orElseThrow().getSubRouter().getRoutes();
    int send = 0;
    while (!isSend(routes.get(send))) {
      send++;
    }
    assertThat(routes.subList(0, send))
      .allSatisfy(route -> assertThat(route.getPath() == null || route.getPath().startsWith("/auth/")).isTrue());
  }

  private static boolean isSend(Route route) {
    return "/rooms/:roomId/messages".equals(route.getPath()) && route.methods().equals(Set.of(HttpMethod.POST));
  }
}
