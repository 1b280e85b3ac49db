package org.tidings.content;

import io.vertx.sqlclient.Row;

import java.util.Arrays;
import java.util.List;

/** The bytes behind one or more file records: where they are, named by their SHA-256. */
public record Blob(String hash, long size, boolean cached, List<String> nodes) {

  static Blob of(Row row) {
    String[] nodes = row.getArrayOfStrings("nodes");
    return new Blob(row.getString("hash"), row.getLong("size"), row.getBoolean("cached"),
      nodes == null ? List.of() : Arrays.asList(nodes));
  }
}
