package org.tidings.bus;

import io.vertx.core.MultiMap;
import io.vertx.core.json.JsonObject;

/** One request to a service: its body and the caller as the gateway vouched for it. */
public record Call(JsonObject body, MultiMap headers) {

  public static Call of(JsonObject body, MultiMap headers) {
    return new Call(body == null ? new JsonObject() : body, headers);
  }

  /** The verified caller; a request without one is refused. */
  public String userId() {
    String id = headers.get(Headers.USER_ID);
    if (id == null || id.isEmpty()) {
      throw Failure.unauthorized();
    }
    return id;
  }

  public String sessionId() {
    String id = headers.get(Headers.SESSION_ID);
    if (id == null || id.isEmpty()) {
      throw Failure.unauthorized();
    }
    return id;
  }

  public String header(String name) {
    return headers.get(name);
  }

  public Fields fields() {
    return new Fields(body);
  }
}
