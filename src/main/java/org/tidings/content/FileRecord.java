package org.tidings.content;

import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.UUID;

/** A file as its owner and readers see it; {@code hash} also names its bytes (blob). */
public record FileRecord(UUID id, UUID owner, String name, long size, String hash, String type,
                         OffsetDateTime uploadedAt) {

  static FileRecord of(Row row) {
    return new FileRecord(row.getUUID("id"), row.getUUID("owner"), row.getString("filename_visible"),
      row.getLong("size"), row.getString("hash"), row.getString("type"), row.getOffsetDateTime("uploaded_at"));
  }

  public JsonObject json() {
    return new JsonObject()
      .put("id", id.toString())
      .put("name", name)
      .put("size", size)
      .put("hash", hash)
      .put("type", type)
      .put("uploadedAt", DateTimeFormatter.ISO_INSTANT.format(uploadedAt.withOffsetSameInstant(ZoneOffset.UTC)))
      .put("owner", owner.toString());
  }
}
