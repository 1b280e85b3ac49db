package org.tidings.bus;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.Map;
import java.util.UUID;

/**
 * Typed reads of a request body. A wrong type or a missing required field is a
 * {@code 400 bad_request} whose message names the field, and so is text holding the NUL
 * character (JSON can carry it escaped), which PostgreSQL stores in neither
 * {@code text} nor {@code jsonb}: refused here, it never becomes a failed query.
 */
public final class Fields {

  private static final char NUL = '\0';

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
    if (s.indexOf(NUL) >= 0) {
      throw noNul(name);
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
    if (holdsNul(o)) {
      throw noNul(name);
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
    if (holdsNul(a)) {
      throw noNul(name);
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

  /** Whether a string, or any key or string inside an object or array, holds the NUL character. */
  private static boolean holdsNul(Object value) {
    if (value instanceof String s) {
      return s.indexOf(NUL) >= 0;
    }
    if (value instanceof JsonObject object) {
      for (Map.Entry<String, Object> entry : object) {
        if (entry.getKey().indexOf(NUL) >= 0 || holdsNul(entry.getValue())) {
          return true;
        }
      }
    }
    if (value instanceof JsonArray array) {
      for (Object element : array) {
        if (holdsNul(element)) {
          return true;
        }
      }
    }
    return false;
  }

  private static RuntimeException noNul(String name) {
    return Failure.badRequest(name + " must not contain the NUL character (U+0000)");
  }

  public static UUID parseId(String value) {
    try {
      return UUID.fromString(value);
    } catch (IllegalArgumentException e) {
      throw Failure.notFound("No such id");
    }
  }
}
