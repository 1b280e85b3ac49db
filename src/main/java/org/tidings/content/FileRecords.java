package org.tidings.content;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;
import org.tidings.bus.Call;
import org.tidings.bus.Failure;
import org.tidings.bus.Fields;

import java.util.UUID;

/**
 * File records: describe, forward and delete, each for a caller who may read the file.
 * A file the caller may not read is answered as missing, so its existence is not revealed.
 */
public final class FileRecords {

  private final Pool pool;
  private final ReadAccess access;
  private final Blobs blobs;

  FileRecords(Pool pool, ReadAccess access, Blobs blobs) {
    this.pool = pool;
    this.access = access;
    this.blobs = blobs;
  }

  /** The record, if {@code userId} may read it; {@code 404} otherwise. */
  public Future<FileRecord> readable(String fileId, String userId) {
    UUID id = Fields.parseId(fileId);
    return find(id).compose(file -> file == null
      ? Future.failedFuture(missing())
      : access.mayRead(file, userId).compose(allowed -> allowed ? Future.succeededFuture(file) : Future.failedFuture(missing())));
  }

  /** {@code content.describe {fileId}}: the metadata, or {@code 404}. */
  public Future<JsonObject> describe(Call call) {
    return readable(call.fields().string("fileId"), call.userId()).map(FileRecord::json);
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
    String userId = call.userId();
    return readable(call.fields().string("fileId"), userId)
      .compose(file -> file.owner().toString().equals(userId)
        ? blobs.deleteRecord(file)
        : Future.failedFuture(Failure.forbidden("Only the owner may delete a file")));
  }

  private Future<FileRecord> find(UUID id) {
    return pool.preparedQuery(ContentQueries.FILE).execute(Tuple.of(id))
      .map(rows -> rows.size() == 0 ? null : FileRecord.of(rows.iterator().next()));
  }

  private static RuntimeException missing() {
    return Failure.notFound("No such file");
  }
}
