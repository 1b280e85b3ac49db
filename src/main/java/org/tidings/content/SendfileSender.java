package org.tidings.content;

import io.vertx.core.Future;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.internal.ContextInternal;
import io.vertx.core.internal.PromiseInternal;
import io.vertx.core.net.impl.VertxConnection;

import java.nio.channels.FileChannel;

/**
 * Sends a {@link FileTail}'s parts of the file straight from the page cache to an HTTP/1.x
 * client's socket ({@code sendfile}, or the file in chunks where TLS needs them), the way
 * Vert.x sends a whole file, but part after part while the file grows: no read into memory,
 * no worker hop. The parts go through the connection's own ordered write queue, after the
 * response's head. The response does not count these bytes in {@code bytesWritten}.
 */
final class SendfileSender implements FileTail.Sender {

  /** Two parts on their way keep the socket busy while the next is being announced. */
  private static final int PARTS = 2;

  private final ContextInternal context;
  private final HttpServerResponse response;
  private final VertxConnection connection;

  SendfileSender(ContextInternal context, HttpServerResponse response, VertxConnection connection) {
    this.context = context;
    this.response = response;
    this.connection = connection;
  }

  @Override
  public int parts() {
    return PARTS;
  }

  @Override
  public long largest() {
    return Long.MAX_VALUE;
  }

  @Override
  public FileTail.Part send(FileChannel file, long at, long length) {
    Future<Void> head = response.headWritten() ? Future.succeededFuture() : response.writeHead();
    PromiseInternal<Void> sent = context.promise();
    connection.sendFile(file, at, length).addListener(sent);
    return new FileTail.Part(Future.succeededFuture(), Future.all(head, sent).mapEmpty());
  }

  @Override
  public void close() {
  }
}
