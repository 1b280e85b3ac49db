package org.tidings.bus;

import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.eventbus.ReplyFailure;

/**
 * How a service says no. The failure code is the HTTP status the gateway answers with; the
 * message carries the stable error code of API.md, then the text for people. Plain
 * {@link ReplyException}s travel the clustered event bus without a custom codec.
 */
public final class Failure {

  private static final String RETRY = "retry=";

  private Failure() {
  }

  public static ReplyException of(int status, String code, String text) {
    return new ReplyException(ReplyFailure.RECIPIENT_FAILURE, status, code + " " + text);
  }

  public static ReplyException badRequest(String text) {
    return of(400, "bad_request", text);
  }

  public static ReplyException unauthorized() {
    return of(401, "unauthorized", "Sign in first");
  }

  public static ReplyException forbidden(String text) {
    return of(403, "forbidden", text);
  }

  public static ReplyException notFound(String text) {
    return of(404, "not_found", text);
  }

  /** Something the answer depends on (the database, another service) cannot be reached now. */
  public static ReplyException unavailable(String text) {
    return of(503, "unavailable", text);
  }

  public static ReplyException rateLimited(long retryAfterSeconds) {
    return of(429, "rate_limited", RETRY + retryAfterSeconds + " Too many attempts; try again in "
      + retryAfterSeconds + " s");
  }

  /** What a gateway needs to answer: status, code, text and, for 429, the seconds to wait. */
  public record Parsed(int status, String code, String text, long retryAfter) {
  }

  /** Null when the exception is not one of ours (no handler, timeout, an unexpected crash). */
  public static Parsed parse(ReplyException e) {
    String message = e.getMessage();
    if (e.failureType() != ReplyFailure.RECIPIENT_FAILURE || message == null
      || e.failureCode() < 400 || e.failureCode() > 599) {
      return null;
    }
    int space = message.indexOf(' ');
    String code = space < 0 ? message : message.substring(0, space);
    String text = space < 0 ? "" : message.substring(space + 1);
    long retryAfter = 0;
    if (text.startsWith(RETRY)) {
      int end = text.indexOf(' ');
      retryAfter = Long.parseLong(text.substring(RETRY.length(), end));
      text = text.substring(end + 1);
    }
    return new Parsed(e.failureCode(), code, text, retryAfter);
  }
}
