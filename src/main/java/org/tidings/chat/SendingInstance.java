package org.tidings.chat;

import io.vertx.core.Vertx;
import io.vertx.core.shareddata.LocalMap;

import java.util.UUID;

/**
 * Elects the one chat instance of this server that binds {@code chat.send}, so that the server
 * has one set of {@link CommitLanes} rather than one per instance: sends that arrive while a
 * lane's batch is written wait for its next one, and with a single queue per lane twice as many
 * share each commit. Across 1,000 busy rooms that halved the commits per message (0.077 to
 * 0.037) and, with the foreign key gone, took PostgreSQL's CPU per message from 101 to 57 us
 * (docs/benchmarks.md).
 * The other instances answer everything else.
 */
final class SendingInstance {

  private static final String MAP = "tidings.chat";
  private static final String KEY = "sending-instance";

  private final LocalMap<String, String> claims;
  private final String token = UUID.randomUUID().toString();
  private final boolean elected;

  SendingInstance(Vertx vertx) {
    this.claims = vertx.sharedData().getLocalMap(MAP);
    this.elected = claims.putIfAbsent(KEY, token) == null;
  }

  /** Whether this instance binds {@code chat.send}: the first of the server's instances to start does. */
  boolean elected() {
    return elected;
  }

  void release() {
    if (elected) {
      claims.remove(KEY, token);
    }
  }
}
