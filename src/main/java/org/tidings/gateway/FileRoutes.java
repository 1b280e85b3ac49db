package org.tidings.gateway;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClosedException;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import org.tidings.content.ContentStore;
import org.tidings.content.Fetch;
import org.tidings.content.FileRecord;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.NoSuchFileException;

/**
 * {@code /files}: the byte routes stream between the HTTP connection and the
 * {@link ContentStore} of this instance (uploads are piped, never buffered; downloads are
 * sent from the cache file or read as a node delivers them); metadata goes over the event
 * bus to {@code content.*}. This class only speaks HTTP: headers, ranges, conditional
 * requests. Who may read, limits and dedup are the content store's.
 */
final class FileRoutes {

  static final String UPLOAD_PATH = ApiRouter.API + "/files";
  /** {@code GET} only: mounted apart, on the root router ({@link ApiRouter}). */
  static final String DOWNLOAD_PATH = ApiRouter.API + "/files/:id";
  // The same on every download: encoded once (Vert.x copies such values' bytes as they are
  // instead of encoding them character by character).
  private static final CharSequence BYTES = HttpHeaders.createOptimized("bytes");
  private static final CharSequence NO_CACHE = HttpHeaders.createOptimized("private, no-cache");
  private static final CharSequence CONTENT_TYPE_OPTIONS = HttpHeaders.createOptimized("X-Content-Type-Options");
  private static final CharSequence NOSNIFF = HttpHeaders.createOptimized("nosniff");

  private final ContentStore content;
  private final Relay relay;

  FileRoutes(ContentStore content, Relay relay) {
    this.content = content;
    this.relay = relay;
  }

  /** The upload streams its body itself, so no body handler may read it first. */
  static boolean streamsBody(HttpServerRequest request) {
    return request.method() == HttpMethod.POST && UPLOAD_PATH.equals(request.path());
  }

  void mount(Router api) {
    api.post("/files").handler(this::upload);
    api.head("/files/:id").handler(ctx -> download(ctx, true));
    api.get("/files/:id/meta").handler(ctx ->
      relay.answer(ctx, "content.describe", new JsonObject().put("fileId", ctx.pathParam("id")), 200));
    api.delete("/files/:id").handler(ctx ->
      relay.answer(ctx, "content.delete", new JsonObject().put("fileId", ctx.pathParam("id")), 204));
    api.put("/files/:id/readers/:userId").handler(ctx -> relay.answer(ctx, "content.readers.add",
      new JsonObject().put("fileId", ctx.pathParam("id")).put("userId", ctx.pathParam("userId")), 204));
    api.delete("/files/:id/readers/:userId").handler(ctx -> relay.answer(ctx, "content.readers.remove",
      new JsonObject().put("fileId", ctx.pathParam("id")).put("userId", ctx.pathParam("userId")), 204));
  }

  /** {@code GET} of a file's bytes: {@link ApiRouter} mounts it ahead of the API router. */
  void get(RoutingContext ctx) {
    download(ctx, false);
  }

  private void upload(RoutingContext ctx) {
    HttpServerRequest request = ctx.request();
    Caller caller = ctx.get(Caller.KEY);
    Long length = declaredLength(request);
    Context loop = Vertx.currentContext();
    Future<FileRecord> stored = content.upload(caller.userId(), request.getParam("name"),
      request.getHeader(HttpHeaders.CONTENT_TYPE), length, request,
      // A client that asked (curl does for uploads) sends the body only after this.
      () -> OnContext.run(loop, () -> {
        UploadBodyParts.takeBody(request);
        if ("100-continue".equalsIgnoreCase(request.getHeader(HttpHeaders.EXPECT))) {
          ctx.response().writeContinue();
        }
      }));
    OnContext.of(loop, stored)
      .onSuccess(file -> Relay.respond(ctx, 201, file.json()))
      .onFailure(failure -> {
        if (failure instanceof HttpClosedException) {
          // The client went away mid-upload; the content store has dropped what it sent.
          return;
        }
        // What the client still sends is not read: the answer closes the connection.
        ctx.fail(failure);
      });
  }

  private static Long declaredLength(HttpServerRequest request) {
    String header = request.getHeader(HttpHeaders.CONTENT_LENGTH);
    if (header == null || !header.matches("\\d{1,18}")) {
      return null;
    }
    return Long.parseLong(header);
  }

  private void download(RoutingContext ctx, boolean headOnly) {
    Caller caller = ctx.get(Caller.KEY);
    Context loop = Vertx.currentContext();
    OnContext.of(loop, content.open(ctx.pathParam("id"), caller.userId()))
      .compose(file -> answer(ctx, loop, file, headOnly))
      .onFailure(failure -> {
        if (!ctx.response().headWritten()) {
          // No file headers (ETag, Content-Disposition, ...) on an error answer.
          ctx.response().headers().clear();
        }
        ctx.fail(failure);
      });
  }

  private Future<Void> answer(RoutingContext ctx, Context loop, FileRecord file, boolean headOnly) {
    HttpServerResponse response = ctx.response();
    String etag = "\"" + file.hash() + "\"";
    response.putHeader(HttpHeaders.ETAG, etag)
      .putHeader(HttpHeaders.ACCEPT_RANGES, BYTES)
      .putHeader(HttpHeaders.CACHE_CONTROL, NO_CACHE)
      .putHeader(CONTENT_TYPE_OPTIONS, NOSNIFF)
      .putHeader(HttpHeaders.CONTENT_ENCODING, HttpHeaders.IDENTITY);
    if (matches(ctx.request().getHeader(HttpHeaders.IF_NONE_MATCH), file.hash())) {
      response.setStatusCode(304);
      return response.end();
    }
    response.putHeader(HttpHeaders.CONTENT_TYPE, file.type())
      .putHeader(HttpHeaders.CONTENT_DISPOSITION, contentDisposition(file.name()));
    ByteRange range = ByteRange.parse(ctx.request().getHeader("Range"), file.size());
    if (range == ByteRange.UNSATISFIABLE) {
      response.putHeader(HttpHeaders.CONTENT_RANGE, "bytes */" + file.size());
      ErrorResponses.write(ctx, 416, "range_not_satisfiable", "The range lies outside the file");
      return Future.succeededFuture();
    }
    long offset = range == null ? 0 : range.first();
    long length = range == null ? file.size() : range.length();
    if (range != null) {
      response.setStatusCode(206)
        .putHeader(HttpHeaders.CONTENT_RANGE, "bytes " + range.first() + "-" + range.last() + "/" + file.size());
    }
    if (headOnly) {
      return response.putHeader(HttpHeaders.CONTENT_LENGTH, Long.toString(length)).end();
    }
    return content.cached(file).transform(cached -> {
      if (cached.succeeded()) {
        return cached.result().use(copy -> Corked.send(ctx.request(), () -> response.sendFile(copy, offset, length)));
      }
      return cached.cause() instanceof NoSuchFileException
        ? OnContext.of(loop, content.fetch(file))
          .compose(fetch -> stream(response, ctx.request().connection(), fetch, offset, length))
        : Future.failedFuture(cached.cause());
    });
  }

  /** Sends the bytes as another instance or a node delivers them; this cache has no copy. */
  private static Future<Void> stream(HttpServerResponse response, HttpConnection connection, Fetch fetch, long offset,
                                     long length) {
    response.putHeader(HttpHeaders.CONTENT_LENGTH, Long.toString(length));
    return fetch.streamTo(response, connection, offset, length)
      .compose(done -> response.end())
      .recover(broken -> {
        // Headers are out: the only honest signal left is a cut connection.
        response.reset();
        return Future.succeededFuture();
      });
  }

  /** {@code If-None-Match}: a list of entity tags or {@code *}; weak tags compare equal here. */
  static boolean matches(String ifNoneMatch, String hash) {
    if (ifNoneMatch == null) {
      return false;
    }
    for (String tag : ifNoneMatch.split(",")) {
      String t = tag.trim();
      if (t.equals("*")) {
        return true;
      }
      if (t.startsWith("W/")) {
        t = t.substring(2);
      }
      if (t.equals("\"" + hash + "\"")) {
        return true;
      }
    }
    return false;
  }

  /**
   * RFC 6266: an ASCII fallback in {@code filename} (quotes, backslashes, slashes and
   * non-ASCII replaced) and the exact name in {@code filename*} (RFC 8187, UTF-8, percent-encoded).
   */
  static String contentDisposition(String name) {
    StringBuilder ascii = new StringBuilder();
    name.codePoints().forEach(c -> ascii.append(c >= 0x20 && c < 0x7f && c != '"' && c != '\\' && c != '/' ? (char) c : '_'));
    String encoded = URLEncoder.encode(name, StandardCharsets.UTF_8).replace("+", "%20")
      .replace("*", "%2A").replace("%7E", "~");
    return "attachment; filename=\"" + ascii + "\"; filename*=UTF-8''" + encoded;
  }
}
