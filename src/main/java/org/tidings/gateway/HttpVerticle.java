package org.tidings.gateway;

import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.impl.VertxConnection;

import java.util.concurrent.TimeUnit;

/** One HTTP server instance; the server deploys one per core and Vert.x spreads connections. */
public final class HttpVerticle extends VerticleBase {

  private final GatewayContext gateway;
  private HttpServer server;

  public HttpVerticle(GatewayContext gateway) {
    this.gateway = gateway;
  }

  @Override
  public Future<?> start() {
    JsonObject http = config();
    server = vertx.createHttpServer(new HttpServerOptions()
      .setHost(http.getString("host", "0.0.0.0"))
      .setPort(http.getInteger("port", 8080))
      .setCompressionSupported(http.getBoolean("compression", true))
      .setMaxChunkSize(http.getInteger("maxChunkSize", HttpServerOptions.DEFAULT_MAX_CHUNK_SIZE))
      .setStrictThreadMode(http.getBoolean("strictThreadMode", true))
      .setIdleTimeout(http.getInteger("idleTimeoutSeconds", 120))
      .setIdleTimeoutUnit(TimeUnit.SECONDS)
      .setTcpNoDelay(true));
    server.connectionHandler(connection -> {
      if (connection instanceof VertxConnection http1) {
        UploadBodyParts.addTo(http1.channel().pipeline());
      }
    });
    return server.requestHandler(ApiRouter.create(vertx, gateway)).listen();
  }

  @Override
  public Future<?> stop() {
    return server.shutdown();
  }
}
