package org.tidings.gateway;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import org.tidings.bus.Failure;
import org.tidings.content.ContentStore;

import java.nio.file.NoSuchFileException;

/**
 * {@code GET /internal/v1/blobs/{hash}}: the bytes of a blob in this instance's cache, for
 * another instance of the cluster (it shows a peer token, never a user's). Sent from disk
 * with {@code sendFile}; a blob not in this cache is {@code 404}, and the asking instance
 * tries its next source.
 */
final class PeerRoutes {

  private final ContentStore content;

  PeerRoutes(ContentStore content) {
    this.content = content;
  }

  void mount(Router root) {
    root.get(ContentStore.PEER_BLOBS + ":hash").handler(this::send);
  }

  private void send(RoutingContext ctx) {
    HttpServerResponse response = ctx.response();
    OnContext.of(Vertx.currentContext(), content.peerCopy(ctx.request().getHeader(HttpHeaders.AUTHORIZATION), ctx.pathParam("hash")))
      .compose(copy -> copy.use(file -> response.putHeader(HttpHeaders.CONTENT_TYPE, "application/octet-stream")
        .putHeader(HttpHeaders.CONTENT_ENCODING, HttpHeaders.IDENTITY)
        .sendFile(file)))
      .onFailure(failure -> {
        if (response.headWritten()) {
          response.reset();
          return;
        }
        ctx.fail(failure instanceof NoSuchFileException ? Failure.notFound("This instance has no copy") : failure);
      });
  }
}
