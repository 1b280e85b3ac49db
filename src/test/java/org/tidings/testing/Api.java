package org.tidings.testing;

import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;

import java.util.concurrent.TimeUnit;

/**
 * An HTTP client for tests, speaking to the server as any client would. Paths are relative
 * to {@code /api/v1} unless they start with {@code /health} or {@code /metrics} or are absolute
 * with {@code //}. The blocking forms are for test threads only.
 */
public final class Api {

  private final WebClient client;
  private final int port;

  Api(Vertx vertx, int port) {
    this.client = WebClient.create(vertx,
      new WebClientOptions().setDefaultHost("127.0.0.1").setDefaultPort(port).setKeepAlive(true),
      new PoolOptions().setHttp1MaxSize(128));
    this.port = port;
  }

  public int port() {
    return port;
  }

  public Future<Response> request(HttpMethod method, String path, String token, Object body, MultiMap headers) {
    HttpRequest<Buffer> request = client.request(method, full(path));
    if (token != null) {
      request.putHeader("Authorization", "Bearer " + token);
    }
    if (headers != null) {
      request.putHeaders(headers);
    }
    Future<io.vertx.ext.web.client.HttpResponse<Buffer>> sent;
    if (body == null) {
      sent = request.send();
    } else if (body instanceof Buffer raw) {
      sent = request.sendBuffer(raw);
    } else if (body instanceof String text) {
      sent = request.putHeader("Content-Type", "application/json").sendBuffer(Buffer.buffer(text));
    } else if (body instanceof JsonArray array) {
      sent = request.sendJson(array);
    } else {
      sent = request.sendJsonObject((JsonObject) body);
    }
    return sent.map(r -> new Response(r.statusCode(), r.headers(), r.body()));
  }

  public Future<Response> async(HttpMethod method, String path, String token, Object body) {
    return request(method, path, token, body, null);
  }

  public Response send(HttpMethod method, String path, String token, Object body) {
    return await(async(method, path, token, body));
  }

  public Response get(String path, String token) {
    return send(HttpMethod.GET, path, token, null);
  }

  public Response post(String path, String token, Object body) {
    return send(HttpMethod.POST, path, token, body);
  }

  public Response post(String path, Object body) {
    return send(HttpMethod.POST, path, null, body);
  }

  public Response patch(String path, String token, Object body) {
    return send(HttpMethod.PATCH, path, token, body);
  }

  public Response put(String path, String token, Object body) {
    return send(HttpMethod.PUT, path, token, body);
  }

  public Response delete(String path, String token) {
    return send(HttpMethod.DELETE, path, token, null);
  }

  public static <T> T await(Future<T> future) {
    try {
      return future.toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private static String full(String path) {
    if (path.startsWith("/health") || path.startsWith("/metrics") || path.startsWith("//")) {
      return path.startsWith("//") ? path.substring(1) : path;
    }
    return "/api/v1" + path;
  }
}
