package org.tidings.content;

import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import org.tidings.db.DatabaseUrl;
import org.tidings.testing.Api;
import org.tidings.testing.Response;
import org.tidings.testing.SftpNode;
import org.tidings.testing.TestUser;
import org.tidings.testing.TidingsServer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import java.util.stream.Stream;

/** Uploads, downloads and looks at the cache and database the way the file tests need. */
final class ContentFixtures {

  private ContentFixtures() {
  }

  static Buffer randomBytes(int size, long seed) {
    byte[] bytes = new byte[size];
    new Random(seed).nextBytes(bytes);
    return Buffer.buffer(bytes);
  }

  static String sha256(Buffer bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes.getBytes()));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  static Response upload(Api api, TestUser user, String name, Buffer bytes, String type) {
    MultiMap headers = MultiMap.caseInsensitiveMultiMap();
    if (type != null) {
      headers.add("Content-Type", type);
    }
    return Api.await(api.request(HttpMethod.POST, "/files?name=" + URLEncoder.encode(name, StandardCharsets.UTF_8),
      user.token(), bytes, headers));
  }

  static JsonObject uploaded(Api api, TestUser user, String name, Buffer bytes) {
    Response response = upload(api, user, name, bytes, "application/octet-stream");
    if (response.status() != 201) {
      throw new AssertionError("upload answered " + response);
    }
    return response.json();
  }

  static Response download(Api api, TestUser user, String fileId, String... headerPairs) {
    return request(api, HttpMethod.GET, user, fileId, headerPairs);
  }

  static Response request(Api api, HttpMethod method, TestUser user, String fileId, String... headerPairs) {
    MultiMap headers = MultiMap.caseInsensitiveMultiMap();
    for (int i = 0; i < headerPairs.length; i += 2) {
      headers.add(headerPairs[i], headerPairs[i + 1]);
    }
    return Api.await(api.request(method, "/files/" + fileId, user.token(), null, headers));
  }

  /**
   * A file of {@code owner} whose bytes are only on storage nodes: written into
   * {@code holder}'s folder (unless null) and recorded as held by {@code nodes}.
   */
  static String coldFile(TidingsServer tidings, TestUser owner, Buffer bytes, SftpNode holder, String... nodes) {
    return coldFile(tidings, owner, bytes, holder == null ? null : holder.blob(sha256(bytes)), nodes);
  }

  /** As above, with the node's copy written at {@code blobFile} (unless null). */
  static String coldFile(TidingsServer tidings, TestUser owner, Buffer bytes, Path blobFile, String... nodes) {
    String hash = sha256(bytes);
    if (blobFile != null) {
      try {
        Files.createDirectories(blobFile.getParent());
        Files.write(blobFile, bytes.getBytes());
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    execute(tidings.database(), "INSERT INTO content.blobs (hash, size, nodes) VALUES (?, ?, ?::text[])",
      hash, (long) bytes.length(), "{" + String.join(",", nodes) + "}");
    UUID id = UUID.randomUUID();
    execute(tidings.database(), "INSERT INTO content.files (id, owner, filename_visible, filename_internal, size, hash, type)"
        + " VALUES (?, ?, 'cold.bin', ?, ?, ?, 'application/octet-stream')",
      id, UUID.fromString(owner.id()), hash, (long) bytes.length(), hash);
    return id.toString();
  }

  /** Every regular file under the cache (blobs and temporary files), relative to it. */
  static List<String> cacheFiles(Path cacheDir) {
    if (!Files.exists(cacheDir)) {
      return List.of();
    }
    try (Stream<Path> files = Files.walk(cacheDir)) {
      return files.filter(Files::isRegularFile).map(p -> cacheDir.relativize(p).toString()).sorted().toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Whether the cache holds no temporary file: no upload or transfer is under way or left behind. */
  static boolean noTemporaryFiles(Path cacheDir) {
    return cacheFiles(cacheDir).stream().noneMatch(f -> f.startsWith("tmp"));
  }

  /** How many instances' caches are recorded as holding blob {@code hash}. */
  static long copyRows(DatabaseUrl database, String hash) {
    return count(database, "SELECT count(*) FROM content.blob_copies WHERE hash = ?", hash);
  }

  static long count(DatabaseUrl database, String sql, Object... parameters) {
    try (Connection c = DriverManager.getConnection(database.jdbcUrl(), database.user(), database.password());
         PreparedStatement s = c.prepareStatement(sql)) {
      for (int i = 0; i < parameters.length; i++) {
        s.setObject(i + 1, parameters[i]);
      }
      try (var rows = s.executeQuery()) {
        rows.next();
        return rows.getLong(1);
      }
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  static void execute(DatabaseUrl database, String sql, Object... parameters) {
    try (Connection c = DriverManager.getConnection(database.jdbcUrl(), database.user(), database.password());
         PreparedStatement s = c.prepareStatement(sql)) {
      for (int i = 0; i < parameters.length; i++) {
        s.setObject(i + 1, parameters[i]);
      }
      s.execute();
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }
}
