package org.tidings.gateway;

import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.List;

/**
 * The frames the server writes, shaped exactly as the stock Vert.x bridge writes them, so that
 * the stock {@code @vertx/eventbus-bridge-client.js} reads them as its own: {@code rec} for an
 * event or a reply, {@code err} with a reason for a refused frame, {@code err} with the
 * failure's code, type and message for a failed request.
 */
final class BridgeFrames {

  private BridgeFrames() {
  }

  static Buffer received(String address, Object body, String replyAddress, MultiMap headers) {
    JsonObject frame = new JsonObject().put("type", "rec").put("address", address).put("body", body);
    if (replyAddress != null) {
      frame.put("replyAddress", replyAddress);
    }
    if (headers != null && !headers.isEmpty()) {
      frame.put("headers", json(headers));
    }
    return frame.toBuffer();
  }

  static Buffer refused(String reason) {
    return new JsonObject().put("type", "err").put("body", reason).toBuffer();
  }

  static Buffer failed(String replyAddress, ReplyException failure) {
    return new JsonObject().put("type", "err").put("address", replyAddress)
      .put("failureCode", failure.failureCode())
      .put("failureType", failure.failureType().name())
      .put("message", failure.getMessage())
      .toBuffer();
  }

  /** A header with one value is a string, one with several an array, as the stock bridge has it. */
  private static JsonObject json(MultiMap headers) {
    JsonObject json = new JsonObject();
    for (String name : headers.names()) {
      List<String> values = headers.getAll(name);
      json.put(name, values.size() == 1 ? values.getFirst() : new JsonArray(List.copyOf(values)));
    }
    return json;
  }
}
