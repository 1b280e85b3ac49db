package org.tidings.chat;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.eventbus.ReplyFailure;
import io.vertx.core.json.JsonObject;
import org.tidings.bus.Failure;
import org.tidings.bus.Headers;

import java.util.UUID;

/** What the chat service asks of the content service about files carried by messages. */
final class ContentFiles {

  private final Vertx vertx;

  ContentFiles(Vertx vertx) {
    this.vertx = vertx;
  }

  /** Succeeds when the sender may read the file; any refusal, or no content service at all, is {@code 404}. */
  Future<Void> requireReadable(String fileId, UUID userId) {
    return vertx.eventBus().<JsonObject>request("content.describe", new JsonObject().put("fileId", fileId), as(userId))
      .<Void>mapEmpty()
      .recover(e -> Future.failedFuture(Failure.notFound("No such file")));
  }

  /** A new file record for the same bytes, owned by the forwarder; {@code 501} while no content service answers. */
  Future<String> forward(String fileId, UUID userId) {
    return vertx.eventBus().<JsonObject>request("content.forward", new JsonObject().put("fileId", fileId), as(userId))
      .map(reply -> {
        String id = reply.body() == null ? null : reply.body().getString("fileId");
        if (id == null) {
          throw new IllegalStateException("content.forward answered without a fileId");
        }
        return id;
      })
      .recover(e -> {
        if (e instanceof ReplyException reply && reply.failureType() == ReplyFailure.NO_HANDLERS) {
          return Future.failedFuture(Failure.of(501, "not_implemented", "Forwarding files is not available yet"));
        }
        return Future.failedFuture(e);
      });
  }

  private static DeliveryOptions as(UUID userId) {
    return new DeliveryOptions().addHeader(Headers.USER_ID, userId.toString());
  }
}
