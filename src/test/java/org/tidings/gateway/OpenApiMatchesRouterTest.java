package org.tidings.gateway;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.Route;
import io.vertx.ext.web.Router;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import static org.assertj.core.api.Assertions.assertThat;

/** docs/openapi.yaml and the router describe the same set of operations. */
class OpenApiMatchesRouterTest {

  private static final Set<String> VERBS = Set.of("get", "put", "post", "delete", "patch", "head");

  @Test
  void everyRouteIsDocumentedAndEveryDocumentedRouteExists() throws IOException {
    Vertx vertx = Vertx.vertx();
    try {
      Set<String> served = served(TestRouter.create(vertx), "");
      assertThat(served).as("routes in the router").containsExactlyInAnyOrderElementsOf(documented());
    } finally {
      vertx.close();
    }
  }

  private static Set<String> documented() throws IOException {
    Set<String> operations = new TreeSet<>();
    try (Reader reader = Files.newBufferedReader(Path.of("docs/openapi.yaml"))) {
      Map<String, Object> doc = new Yaml().load(reader);
      @SuppressWarnings("unchecked")
      Map<String, Map<String, Object>> paths = (Map<String, Map<String, Object>>) doc.get("paths");
      paths.forEach((path, item) -> item.keySet().stream().filter(VERBS::contains)
        .forEach(verb -> operations.add(verb.toUpperCase() + " " + path)));
    }
    return operations;
  }

  private static Set<String> served(Router router, String prefix) {
    Set<String> operations = new TreeSet<>();
    for (Route route : router.getRoutes()) {
      if (LiveRoutes.PATH.equals(route.getPath()) || (LiveRoutes.PATH + "/").equals(route.getPath())) {
        // the SockJS transports are a protocol of their own, described in docs/live.md
        continue;
      }
      if (route.getSubRouter() != null) {
        operations.addAll(served(route.getSubRouter(), prefix + route.getPath().replaceAll("/$", "")));
        continue;
      }
      if (route.getPath() == null || route.methods() == null || route.methods().isEmpty()) {
        continue;
      }
      String path = (prefix + route.getPath()).replaceAll(":([A-Za-z]+)", "{$1}").replaceFirst("^" + ApiRouter.API, "");
      for (HttpMethod method : route.methods()) {
        operations.add(method.name() + " " + path);
      }
    }
    return operations;
  }
}
