package org.tidings.content;

import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.streams.ReadStream;
import org.tidings.bus.Failure;

import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * The byte path of the content store, shared in-process with the gateway's file routes (as
 * the gateway shares its token verifier) because file bytes never travel over the event bus.
 * The gateway speaks HTTP — headers, ranges, status codes — and hands this class the
 * request stream or asks it for a source to send from; every rule (limits, room, dedup,
 * who may read, where the bytes are) is decided here and in the classes it is built from.
 */
public final class ContentStore {

  private static final Pattern CONTROL = Pattern.compile("\\p{Cntrl}");
  private static final Pattern MEDIA_TYPE = Pattern.compile("[\\x20-\\x7e]{1,255}");
  private static final int MAX_NAME = 255;
  static final String DEFAULT_TYPE = "application/octet-stream";
  /** Where an instance serves the blobs in its cache to the other instances, followed by the hash. */
  public static final String PEER_BLOBS = "/internal/v1/blobs/";
  private static final Pattern HASH = Pattern.compile("[0-9a-f]{64}");

  private final DiskCache cache;
  private final FileRecords records;
  private final Blobs blobs;
  private final AccessLog accessLog;
  private final Eviction eviction;
  private final Fetches fetches;
  private final Peers peers;
  private final PeerTokens peerTokens;
  private final long maxUploadBytes;

  ContentStore(DiskCache cache, FileRecords records, Blobs blobs, AccessLog accessLog, Eviction eviction,
               Fetches fetches, Peers peers, PeerTokens peerTokens, long maxUploadBytes) {
    this.cache = cache;
    this.records = records;
    this.blobs = blobs;
    this.accessLog = accessLog;
    this.eviction = eviction;
    this.fetches = fetches;
    this.peers = peers;
    this.peerTokens = peerTokens;
    this.maxUploadBytes = maxUploadBytes;
  }

  /**
   * Streams {@code body} into the cache while hashing it and stores a record owned by
   * {@code userId}. {@code declaredLength} (the Content-Length, null when chunked) lets an
   * upload that cannot fit be refused before a byte is read. The body must be paused;
   * {@code accepted} runs once the checks passed, just before the body is read.
   */
  public Future<FileRecord> upload(String userId, String name, String type, Long declaredLength,
                                   ReadStream<Buffer> body, Runnable accepted) {
    String visible = visibleName(name);
    String mediaType = mediaType(type);
    UUID owner = UUID.fromString(userId);
    if (declaredLength != null && declaredLength > maxUploadBytes) {
      return Future.failedFuture(tooLarge());
    }
    long needed = declaredLength == null ? 0 : declaredLength;
    return eviction.makeRoom(needed)
      .compose(roomy -> roomy ? cache.createTemp(declaredLength) : Future.failedFuture(noRoom()))
      .compose(temp -> {
        accepted.run();
        HashingFile sink = new HashingFile(cache, temp, maxUploadBytes);
        return body.pipeTo(sink).transform(piped -> piped.succeeded()
          ? blobs.commit(sink, owner, visible, mediaType)
          : sink.discard().transform(ignored -> Future.failedFuture(reason(piped.cause()))));
      })
      .onSuccess(file -> eviction.nudge());
  }

  /** The record of a file {@code userId} may read; {@code 404} otherwise. */
  public Future<FileRecord> open(String fileId, String userId) {
    return records.readable(fileId, userId);
  }

  /**
   * The cached copy of {@code file}, open and held for the caller, who releases it once sent.
   * It is not looked up first (that costs a worker hop per download): when it is not there
   * (evicted, or only on a node) this fails with {@link NoSuchFileException} and the caller
   * asks {@link #fetch} instead.
   */
  public Future<OpenCopy> cached(FileRecord file) {
    accessLog.touch(file.hash());
    return open(file.hash());
  }

  /** The bytes of {@code file} coming in from another instance or a node, fetched once however many ask. */
  public Future<Fetch> fetch(FileRecord file) {
    return Future.all(blobs.find(file.hash()), peers.holding(file.hash()))
      .compose(found -> fetches.fetch(found.resultAt(0), found.resultAt(1)));
  }

  /**
   * This instance's cached copy of blob {@code hash}, open and held as by {@link #cached}, for
   * another instance of the cluster that shows a peer token ({@code 401} otherwise);
   * {@link NoSuchFileException} when this cache has none.
   */
  public Future<OpenCopy> peerCopy(String authorization, String hash) {
    return peerTokens.check(authorization).compose(ok -> {
      if (hash == null || !HASH.matcher(hash).matches()) {
        return Future.failedFuture(Failure.notFound("No such blob"));
      }
      accessLog.touch(hash);
      return open(hash);
    });
  }

  private Future<OpenCopy> open(String hash) {
    try {
      return Future.succeededFuture(cache.open(hash));
    } catch (IOException e) {
      return Future.failedFuture(e);
    }
  }

  private static String visibleName(String name) {
    if (name == null || name.isEmpty()) {
      throw Failure.badRequest("name is required");
    }
    if (name.codePointCount(0, name.length()) > MAX_NAME || CONTROL.matcher(name).find()) {
      throw Failure.badRequest("name must be at most " + MAX_NAME + " characters, without control characters");
    }
    return name;
  }

  private static String mediaType(String type) {
    if (type == null || type.isBlank()) {
      return DEFAULT_TYPE;
    }
    if (!MEDIA_TYPE.matcher(type).matches()) {
      throw Failure.badRequest("Content-Type must be printable ASCII, at most 255 characters");
    }
    return type;
  }

  /** The failure worth telling the client, found in what a pipe reports. */
  private static Throwable reason(Throwable failure) {
    for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
      if (cause instanceof ReplyException reply && Failure.parse(reply) != null) {
        return reply;
      }
      if (cause.getMessage() != null && cause.getMessage().contains("No space left on device")) {
        return noRoom();
      }
    }
    return failure;
  }

  static RuntimeException tooLarge() {
    return Failure.of(413, "too_large", "The file is larger than the upload limit");
  }

  static RuntimeException noRoom() {
    return Failure.of(507, "insufficient_storage", "No room left for the file");
  }
}
