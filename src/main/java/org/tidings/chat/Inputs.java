package org.tidings.chat;

import io.vertx.pgclient.PgException;
import org.tidings.bus.Call;
import org.tidings.bus.Failure;
import org.tidings.bus.Fields;

import java.util.UUID;

/** Request values every chat call reads the same way. */
final class Inputs {

  static final int DEFAULT_LIMIT = 50;
  static final int MAX_LIMIT = 200;
  static final int MAX_TEXT = 16_000;
  private static final String UNIQUE_VIOLATION = "23505";

  private Inputs() {
  }

  static UUID caller(Call call) {
    return UUID.fromString(call.userId());
  }

  static int limit(Fields fields) {
    Long limit = fields.optionalInteger("limit");
    if (limit == null) {
      return DEFAULT_LIMIT;
    }
    if (limit < 1 || limit > MAX_LIMIT) {
      throw Failure.badRequest("limit must be between 1 and " + MAX_LIMIT);
    }
    return limit.intValue();
  }

  /** A page cursor naming a row by id: a malformed one is the client's mistake, not a missing row. */
  static UUID cursor(Fields fields, String name) {
    String value = fields.optionalString(name);
    if (value == null) {
      return null;
    }
    try {
      return UUID.fromString(value);
    } catch (IllegalArgumentException e) {
      throw Failure.badRequest(name + " must be an id from the previous page");
    }
  }

  /** Positions start at 1: anything else names no message. */
  static long seq(Fields fields) {
    long seq = fields.integer("seq");
    if (seq < 1) {
      throw Failure.notFound("No such message");
    }
    return seq;
  }

  static String text(String text) {
    if (text != null && text.codePointCount(0, text.length()) > MAX_TEXT) {
      throw Failure.badRequest("text must be at most " + MAX_TEXT + " characters");
    }
    return text;
  }

  static boolean isUniqueViolation(Throwable e) {
    return e instanceof PgException pg && UNIQUE_VIOLATION.equals(pg.getSqlState());
  }
}
