package org.tidings.testing;

import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/** What a client saw: status, headers and body. */
public record Response(int status, MultiMap headers, Buffer body) {

  public JsonObject json() {
    return body == null || body.length() == 0 ? null : body.toJsonObject();
  }

  public JsonArray array() {
    return body.toJsonArray();
  }

  /** The API.md error code, or null when the answer is not an error document. */
  public String error() {
    JsonObject json = body == null || body.length() == 0 ? null : new JsonObject(body.toString());
    return json == null ? null : json.getString("error");
  }

  public String header(String name) {
    return headers.get(name);
  }

  @Override
  public String toString() {
    return status + " " + (body == null ? "" : body.toString());
  }
}
