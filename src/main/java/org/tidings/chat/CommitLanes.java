package org.tidings.chat;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;

import java.util.UUID;
import java.util.stream.IntStream;

/**
 * Splits the server's sends over {@code chat.commitLanes} {@link GroupCommit}s, each owning a
 * fixed share of the rooms (by room id), so that a send waits only for its own lane's batch in
 * flight rather than for every other room's commit. A room is always in the same lane, so its
 * messages are still numbered and committed one batch after another, gap-free and in order, and
 * two lanes never wait on each other's room locks. But a lane's batch holds only what queued in
 * that lane: on two cores two lanes halved the messages per commit, and the extra commits cost
 * PostgreSQL more than the shorter wait gained, so the default is one lane (docs/benchmarks.md).
 * Not thread-safe: one per verticle instance.
 */
final class CommitLanes {

  private final GroupCommit[] lanes;

  CommitLanes(Pool pool, int lanes) {
    if (lanes < 1) {
      throw new IllegalArgumentException("chat.commitLanes must be at least 1, not " + lanes);
    }
    this.lanes = IntStream.range(0, lanes).mapToObj(i -> new GroupCommit(pool)).toArray(GroupCommit[]::new);
  }

  /** As {@link GroupCommit#store}, in the room's lane. */
  Future<GroupCommit.Stored> store(UUID roomId, UUID sender, JsonObject data, String clientId) {
    return lanes[laneOf(roomId, lanes.length)].store(roomId, sender, data, clientId);
  }

  /** The lane that owns a room, out of {@code lanes}. */
  static int laneOf(UUID roomId, int lanes) {
    return Math.floorMod(roomId.hashCode(), lanes);
  }
}
