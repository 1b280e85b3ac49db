package org.tidings.content;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;
import org.tidings.bus.Call;
import org.tidings.bus.Failure;
import org.tidings.bus.Fields;

import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * File records: describe, forward and delete, each for a caller who may read the file.
 * A file the caller may not read is answered as missing, so its existence is not revealed.
 *
 * <p>Rows read in the last {@link #REMEMBER_NANOS} are kept by id, so that downloads of a
 * file in demand cost no database read each. Only the row is kept: who may read it is asked
 * every time, so a revoked grant or a left room counts at once. A delete forgets the row here
 * and, through {@link #DELETED}, on every other instance; the short lifetime bounds what a
 * lost notice could leave behind.
 */
public final class FileRecords {

  /** Published with the id of a deleted record. */
  static final String DELETED = "content.file-deleted";
  private static final long REMEMBER_NANOS = TimeUnit.SECONDS.toNanos(5);
  private static final int MAX_REMEMBERED = 10_000;

  private final Vertx vertx;
  private final Pool pool;
  private final ReadAccess access;
  private final Blobs blobs;
  private final Grants grants;
  private final Map<UUID, Remembered> recent = new ConcurrentHashMap<>();
  /** Counts forgets, so that a read which raced with a delete does not bring the row back. */
  private final AtomicLong forgets = new AtomicLong();

  private record Remembered(FileRecord file, long untilNanos) {
  }

  FileRecords(Vertx vertx, Pool pool, ReadAccess access, Blobs blobs, Grants grants) {
    this.vertx = vertx;
    this.pool = pool;
    this.access = access;
    this.blobs = blobs;
    this.grants = grants;
  }

  /** The record, if {@code userId} may read it; {@code 404} otherwise. */
  public Future<FileRecord> readable(String fileId, String userId) {
    UUID id = Fields.parseId(fileId);
    return find(id).compose(file -> file == null
      ? Future.failedFuture(missing())
      : access.mayRead(file, userId).compose(allowed -> allowed ? Future.succeededFuture(file) : Future.failedFuture(missing())));
  }

  /** {@code content.describe {fileId}}: the metadata, or {@code 404}; the owner also sees the granted readers. */
  public Future<JsonObject> describe(Call call) {
    return readable(call.fields().string("fileId"), call.userId()).compose(file -> ownedBy(file, call.userId())
      ? grants.readers(file.id()).map(readers -> file.json().put("readers", readers))
      : Future.succeededFuture(file.json()));
  }

  /** {@code content.forward {fileId}}: a new record for the same bytes, owned by the caller. */
  public Future<JsonObject> forward(Call call) {
    String userId = call.userId();
    return readable(call.fields().string("fileId"), userId)
      .compose(file -> pool.preparedQuery(ContentQueries.COPY_FILE).execute(Tuple.of(file.id(), UUID.fromString(userId))))
      .compose(rows -> rows.size() == 0
        ? Future.failedFuture(missing())
        : Future.succeededFuture(new JsonObject().put("fileId", rows.iterator().next().getUUID("id").toString())));
  }

  /** {@code content.delete {fileId}}: owner only; readers who are not the owner get {@code 403}. */
  public Future<Void> delete(Call call) {
    return owned(call, "Only the owner may delete a file")
      .compose(file -> blobs.deleteRecord(file).onSuccess(deleted -> {
        forget(file.id());
        vertx.eventBus().publish(DELETED, file.id().toString());
      }));
  }

  /** {@code content.readers.add {fileId, userId}}: the owner lets an existing user read the file. */
  public Future<Void> addReader(Call call) {
    return owned(call, "Only the owner may grant reading a file")
      .compose(file -> grants.add(file.id(), call.fields().string("userId")));
  }

  /** {@code content.readers.remove {fileId, userId}}: takes effect with the next request of that user. */
  public Future<Void> removeReader(Call call) {
    return owned(call, "Only the owner may revoke reading a file")
      .compose(file -> grants.remove(file.id(), call.fields().string("userId")));
  }

  /** The file if the caller owns it; {@code 403} to other readers, {@code 404} to everyone else. */
  private Future<FileRecord> owned(Call call, String refusal) {
    String userId = call.userId();
    return readable(call.fields().string("fileId"), userId)
      .compose(file -> ownedBy(file, userId) ? Future.succeededFuture(file) : Future.failedFuture(Failure.forbidden(refusal)));
  }

  private static boolean ownedBy(FileRecord file, String userId) {
    return file.owner().toString().equals(userId);
  }

  /** Drops a remembered row; {@link #DELETED} notices from other instances land here. */
  void forget(UUID id) {
    forgets.incrementAndGet();
    recent.remove(id);
  }

  private Future<FileRecord> find(UUID id) {
    Remembered known = recent.get(id);
    if (known != null && known.untilNanos() - System.nanoTime() > 0) {
      return Future.succeededFuture(known.file());
    }
    long forgetsBefore = forgets.get();
    return pool.preparedQuery(ContentQueries.FILE).execute(Tuple.of(id))
      .map(rows -> {
        if (rows.size() == 0) {
          return null;
        }
        FileRecord file = FileRecord.of(rows.iterator().next());
        if (forgets.get() == forgetsBefore) {
          if (recent.size() >= MAX_REMEMBERED) {
            recent.clear();
          }
          recent.put(id, new Remembered(file, System.nanoTime() + REMEMBER_NANOS));
        }
        return file;
      });
  }

  private static RuntimeException missing() {
    return Failure.notFound("No such file");
  }
}
