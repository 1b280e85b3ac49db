package org.tidings.bus;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.UUID;

/**
 * Typed reads of a request body. A wrong type or a missing required field is a
 * {@code 400 bad_request} whose message names the field.
 */
public final class Fields {

  private final JsonObject body;

  public Fields(JsonObject body) {
    this.body = body;
  }

  public String string(String name) {
    String value = optionalString(name);
    if (value == null) {
      throw Failure.badRequest(name + " is required");
    }
    return value;
  }

  public String optionalString(String name) {
    Object value = body.getValue(name);
    if (value == null) {
      return null;
    }
    if (!(value instanceof String s)) {
      throw Failure.badRequest(name + " must be a string");
    }
    return s;
  }

  public long integer(String name) {
    Long value = optionalInteger(name);
    if (value == null) {
      throw Failure.badRequest(name + " is required");
    }
    return value;
  }

  public Long optionalInteger(String name) {
    Object value = body.getValue(name);
    if (value == null) {
      return null;
    }
    if (value instanceof Integer || value instanceof Long) {
      return ((Number) value).longValue();
    }
    if (value instanceof String s && s.matches("-?\\d{1,18}")) {
      return Long.parseLong(s);
    }
    throw Failure.badRequest(name + " must be an integer");
  }

  public Boolean optionalBoolean(String name) {
    Object value = body.getValue(name);
    if (value == null) {
      return null;
    }
    if (!(value instanceof Boolean b)) {
      throw Failure.badRequest(name + " must be true or false");
    }
    return b;
  }

  public boolean bool(String name) {
    Boolean value = optionalBoolean(name);
    if (value == null) {
      throw Failure.badRequest(name + " is required");
    }
    return value;
  }

  public JsonObject optionalObject(String name) {
    Object value = body.getValue(name);
    if (value == null) {
      return null;
    }
    if (!(value instanceof JsonObject o)) {
      throw Failure.badRequest(name + " must be an object");
    }
    return o;
  }

  public JsonArray optionalArray(String name) {
    Object value = body.getValue(name);
    if (value == null) {
      return null;
    }
    if (!(value instanceof JsonArray a)) {
      throw Failure.badRequest(name + " must be an array");
    }
    return a;
  }

  /** An id that must be a UUID; anything else cannot name a row, so it is {@code 404}. */
  public UUID id(String name) {
    return parseId(string(name));
  }

  public UUID optionalId(String name) {
    String value = optionalString(name);
    return value == null ? null : parseId(value);
  }

  public static UUID parseId(String value) {
    try {
      return UUID.fromString(value);
    } catch (IllegalArgumentException e) {
      throw Failure.notFound("No such id");
    }
  }
}
