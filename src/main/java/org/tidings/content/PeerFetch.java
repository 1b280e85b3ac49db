package org.tidings.content;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.file.OpenOptions;
import io.vertx.core.http.HttpClientAgent;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.util.List;

/**
 * Brings a blob from the cache of another instance into a {@link Fetch}'s temporary file, over
 * plain HTTP to that instance's {@link ContentStore#PEER_BLOBS} with a {@link PeerTokens peer token}. HTTP and
 * not the event bus: the bytes get TCP's back-pressure and the serving side's zero-copy
 * {@code sendFile}, and no message holds a chunk of a large file. Peers are tried in turn;
 * one that does not connect within the connect timeout or goes silent for the read timeout is
 * left for the next, then for the nodes, as long as no byte has reached a client.
 */
final class PeerFetch {

  private static final Logger LOG = LoggerFactory.getLogger(PeerFetch.class);
  private static final int CHUNK = 64 * 1024;

  private final Vertx vertx;
  private final HttpClientAgent client;
  private final PeerTokens tokens;
  private final long connectTimeoutMillis;
  private final long readTimeoutMillis;

  PeerFetch(Vertx vertx, PeerTokens tokens, long connectTimeoutMillis, long readTimeoutMillis) {
    this.vertx = vertx;
    this.tokens = tokens;
    this.connectTimeoutMillis = connectTimeoutMillis;
    this.readTimeoutMillis = readTimeoutMillis;
    this.client = vertx.createHttpClient(new HttpClientOptions().setMaxChunkSize(CHUNK)
      .setConnectTimeout((int) connectTimeoutMillis));
  }

  /** Answers true once a peer delivered the whole, verified blob; false when none could start. */
  Future<Boolean> copy(Fetch fetch, Blob blob, List<Peer> holders) {
    Future<Boolean> delivered = Future.succeededFuture(false);
    for (Peer peer : holders) {
      delivered = delivered.compose(done -> done ? Future.succeededFuture(true) : from(peer, fetch, blob)
        .map(true)
        .recover(e -> {
          if (fetch.available() > 0) {
            return Future.failedFuture(e);
          }
          LOG.warn("Instance {} could not send blob {}; trying the next source: {}", peer.id(), blob.hash(), e.toString());
          return Future.succeededFuture(false);
        }));
    }
    return delivered;
  }

  private Future<Void> from(Peer peer, Fetch fetch, Blob blob) {
    RequestOptions request = new RequestOptions().setMethod(HttpMethod.GET)
      .setAbsoluteURI(peer.url() + ContentStore.PEER_BLOBS + blob.hash())
      .putHeader(HttpHeaders.AUTHORIZATION, tokens.header())
      .setConnectTimeout(connectTimeoutMillis)
      .setIdleTimeout(readTimeoutMillis);
    return client.request(request)
      .compose(sent -> sent.send())
      .compose(response -> response.statusCode() == 200
        ? receive(response, fetch, blob)
        : response.body().transform(ignored -> Future.failedFuture(
          new IOException("instance " + peer.id() + " answered " + response.statusCode() + " for blob " + blob.hash()))));
  }

  private Future<Void> receive(HttpClientResponse response, Fetch fetch, Blob blob) {
    OpenOptions write = new OpenOptions().setWrite(true).setCreate(true).setTruncateExisting(true);
    // Bytes arriving before the pipe is set up would be lost: hold them while the file opens.
    response.pause();
    return vertx.fileSystem().open(fetch.temp().toString(), write)
      .compose(file -> {
        VerifyingFile sink = new VerifyingFile(file, fetch, blob);
        return response.pipeTo(sink).compose(ignored -> sink.verify());
      });
  }

  Future<Void> close() {
    return client.close();
  }
}
