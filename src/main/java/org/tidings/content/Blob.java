package org.tidings.content;

import io.vertx.sqlclient.Row;

import java.util.Arrays;
import java.util.List;

/**
 * The bytes behind one or more file records, named by their SHA-256, and the nodes holding
 * them. Which instances hold them in their caches is in {@link CacheCopies}.
 */
public record Blob(String hash, long size, List<String> nodes) {

  static Blob of(Row row) {
    String[] nodes = row.getArrayOfStrings("nodes");
    return new Blob(row.getString("hash"), row.getLong("size"), nodes == null ? List.of() : Arrays.asList(nodes));
  }
}
